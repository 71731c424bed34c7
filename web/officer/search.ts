/**
 * `/can-bo/tim-kiem`: search the dossiers of the officer's units. The form is sent by POST, because ID number
 * digits must not end up in URLs, browser histories or access logs; pages are further POSTs of the same form.
 */
import { OFFICER_ROLES, READ_ONLY_ROLES } from '../../app/tasks/inbox';
import { SearchQuerySchema, searchDossiersInScope } from '../../app/dossiers/search';
import { DOSSIER_STATUS_TEXT } from '../../app/dossiers/status-text';
import { AppError } from '../../app/errors';
import { proceduresOnOffer } from '../../app/procedures/catalogue';
import type { PageModule } from '../app';
import { parseForm } from '../form-errors';
import { isoFromDisplayDate } from '../format';
import { localsOf, renderPage, type PageFieldError } from '../page';
import { requireOfficer } from '../session';

const SEARCH = '/can-bo/tim-kiem';
const FIELDS = ['code', 'name', 'idDigits', 'status', 'procedureId', 'receivedFrom', 'receivedTo', 'page'];

export const searchPage: PageModule = (router, { deps, views }) => {
  const show = async (
    res: Parameters<typeof renderPage>[1],
    values: Record<string, unknown>,
    extra: { result?: unknown; errors?: PageFieldError[] },
    status = 200,
  ) => {
    const user = localsOf(res).auth!.user;
    renderPage(
      views,
      res,
      'officer/search',
      {
        title: 'Tìm kiếm hồ sơ',
        values,
        statuses: Object.entries(DOSSIER_STATUS_TEXT).map(([value, text]) => ({
          value,
          text,
          selected: values.status === value,
        })),
        procedures: (await proceduresOnOffer(deps, { withChanges: true })).map((procedure) => ({
          value: procedure.id,
          text: procedure.title,
          selected: values.procedureId === procedure.id,
        })),
        mayUseIdDigits: user.role === 'commune_officer' || user.role === 'admin',
        ...extra,
      },
      status,
    );
  };
  const roles = requireOfficer([...OFFICER_ROLES, ...READ_ONLY_ROLES]);

  router.get(SEARCH, roles, async (_req, res) => {
    await show(res, {}, {});
  });

  router.post(SEARCH, roles, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(
      FIELDS.map((field) => [field, body[field]]).filter(
        ([, value]) => typeof value === 'string' && value.trim() !== '',
      ),
    );
    const parsed = parseForm(SearchQuerySchema, {
      ...values,
      ...('receivedFrom' in values ? { receivedFrom: isoFromDisplayDate(values.receivedFrom) } : {}),
      ...('receivedTo' in values ? { receivedTo: isoFromDisplayDate(values.receivedTo) } : {}),
    });
    if (!parsed.ok) {
      // The API's date message speaks of YYYY-MM-DD; people here type dd/mm/yyyy.
      const errors = parsed.errors.map((error) =>
        (error.field === 'receivedFrom' || error.field === 'receivedTo') && /YYYY-MM-DD/.test(error.message)
          ? { ...error, message: 'Nhập ngày có thật, dạng ngày/tháng/năm, ví dụ 05/01/2026' }
          : error,
      );
      await show(res, values, { errors }, 422);
      return;
    }
    try {
      const result = await searchDossiersInScope(deps, localsOf(res).auth!.user, parsed.data);
      await show(res, values, {
        result: {
          ...result,
          previousPage: result.page > 1 ? result.page - 1 : null,
          nextPage: result.hasNextPage ? result.page + 1 : null,
        },
      });
    } catch (error) {
      if (error instanceof AppError && error.fieldErrors) {
        const errors = error.fieldErrors.map((fieldError) => ({
          field: fieldError.path.replace(/^query\./, ''),
          message: fieldError.message,
        }));
        await show(res, values, { errors }, 422);
        return;
      }
      throw error;
    }
  });
};
