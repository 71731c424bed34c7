/**
 * `/can-bo/so-theo-doi`: form 07, the dossier register. A period form (unit in the officer's scope, from and
 * to typed dd/mm/yyyy) sent by GET — it holds nothing personal, and the result is a page worth bookmarking —
 * answered with the register's size and links to its print view, PDF and XLSX
 * (`/can-bo/so-theo-doi/tai?…&format=`), all over app/registers/dossier-register.ts as the API is.
 */
import type { Request } from 'express';
import { MAX_PRINTED_ROWS, openDossierRegister, registerUnits } from '../../app/registers/dossier-register';
import { RegisterQuerySchema } from '../../app/registers/schemas';
import { AppError } from '../../app/errors';
import { OFFICER_ROLES, READ_ONLY_ROLES } from '../../app/tasks/inbox';
import { clockOf, legalToday } from '../../app/deps';
import { sendDossierRegister } from '../../http/send-dossier-register';
import type { PageModule } from '../app';
import { parseForm } from '../form-errors';
import { displayDate, isoFromDisplayDate } from '../format';
import { localsOf, renderPage, type PageFieldError } from '../page';
import { requireOfficer } from '../session';

const PAGE = '/can-bo/so-theo-doi';
const FIELDS = ['unitCode', 'from', 'to'] as const;
const DATE_MESSAGE = 'Nhập ngày có thật, dạng ngày/tháng/năm, ví dụ 05/01/2026';
const PeriodFormSchema = RegisterQuerySchema.omit({ format: true });

function stringQuery(req: Request): Record<string, string> {
  return Object.fromEntries(
    FIELDS.flatMap((field) => {
      const value = req.query[field];
      return typeof value === 'string' && value.trim() !== '' ? [[field, value.trim()]] : [];
    }),
  );
}

export const registerPage: PageModule = (router, { deps, views }) => {
  const readers = requireOfficer([...OFFICER_ROLES, ...READ_ONLY_ROLES]);

  router.get(PAGE, readers, async (req, res) => {
    const user = localsOf(res).auth!.user;
    const units = await registerUnits(deps, user);
    const asked = stringQuery(req);
    const today = legalToday(clockOf(deps)());
    // Untouched form: this month so far, of the officer's own unit.
    const values: Record<string, string> = Object.keys(asked).length
      ? asked
      : { unitCode: user.unitCode, from: displayDate(`${today.slice(0, 8)}01`), to: displayDate(today) };
    let errors: PageFieldError[] = [];
    let result: Record<string, unknown> | undefined;
    if (Object.keys(asked).length) {
      const parsed = parseForm(
        PeriodFormSchema,
        { ...asked, from: isoFromDisplayDate(asked.from), to: isoFromDisplayDate(asked.to) },
        { whenEmpty: { unitCode: 'Chọn đơn vị', from: 'Nhập ngày đầu kỳ', to: 'Nhập ngày cuối kỳ' } },
      );
      if (!parsed.ok) {
        errors = parsed.errors.map((error) =>
          (error.field === 'from' || error.field === 'to') && /YYYY-MM-DD/.test(error.message)
            ? { ...error, message: DATE_MESSAGE }
            : error,
        );
      } else {
        try {
          const register = await openDossierRegister(deps, user, parsed.data);
          const query = new URLSearchParams(parsed.data);
          const link = (format: string) => `${PAGE}/tai?${query.toString()}&format=${format}`;
          result = {
            unitName: register.unit.name,
            from: displayDate(register.from),
            to: displayDate(register.to),
            count: register.count.toLocaleString('vi-VN'),
            printable: register.count <= MAX_PRINTED_ROWS,
            htmlUrl: link('html'),
            pdfUrl: link('pdf'),
            xlsxUrl: link('xlsx'),
          };
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500) throw error;
          const field = error.code === 'INVALID_PERIOD' ? 'to' : 'unitCode';
          errors = [{ field, message: error.message }];
        }
      }
    }
    renderPage(
      views,
      res,
      'officer/register',
      {
        title: 'Sổ theo dõi hồ sơ',
        values,
        units: units.map((unit) => ({
          code: unit.code,
          name: unit.name,
          selected: unit.code === values.unitCode,
        })),
        errors,
        result,
      },
      errors.length ? 422 : 200,
    );
  });

  router.get(`${PAGE}/tai`, readers, async (req, res) => {
    const parsed = RegisterQuerySchema.safeParse(
      Object.fromEntries(Object.entries(req.query).filter(([, value]) => typeof value === 'string')),
    );
    if (!parsed.success)
      throw new AppError(
        400,
        'VALIDATION_FAILED',
        'Đường dẫn tải sổ không hợp lệ: chọn lại kỳ trên trang Sổ theo dõi hồ sơ',
      );
    await sendDossierRegister(res, deps, localsOf(res).auth!.user, parsed.data);
  });
};
