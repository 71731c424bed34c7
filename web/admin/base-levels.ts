/**
 * `/quan-tri/muc-chuan`: the base levels (mức chuẩn trợ giúp xã hội) by effective date, the one applying today
 * marked, and a form to add the level of a new decree: the date typed dd/mm/yyyy, the amount in đồng (dots
 * allowed: 540.000), the legal basis. The form's fields are converted to the API's shape and checked by the
 * API's own use case (app/admin/base-levels.ts#addBaseLevel, NewBaseLevelSchema); errors come back beside
 * their field with what was typed kept. The form carries a key (web/form-once.ts): a double submit stores one
 * level and lands on the same result.
 */
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { addBaseLevel, baseLevelsToday, NewBaseLevelSchema } from '../../app/admin/base-levels';
import { AppError } from '../../app/errors';
import { expiryWarnings } from '../../app/admin/warnings';
import type { PageModule } from '../app';
import { formValues, parseForm } from '../form-errors';
import { formKeyOf, newFormKey, oncePerFormKey } from '../form-once';
import { isoFromDisplayDate } from '../format';
import { renderPage, userOf, type PageFieldError } from '../page';
import { requireOfficer } from '../session';

const PATH = '/quan-tri/muc-chuan';
const FIELDS = ['effectiveFrom', 'amount', 'legalBasis', 'effectiveTo'] as const;
type Values = Partial<Record<(typeof FIELDS)[number], string>>;
const DATE_MESSAGE = 'Nhập ngày có thật, dạng ngày/tháng/năm, ví dụ 01/07/2026';

/** "540.000", "540 000" or "540000 đồng" → 540000; anything else stays text, for the schema to refuse. */
export function vndFromText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const digits = value.replace(/(\s|\.|đồng$)/gu, '');
  return /^\d{1,16}$/.test(digits) ? Number(digits) : value;
}

/** What the page takes: the API's schema, each field read from what a person types. */
const BaseLevelForm = z.strictObject({
  effectiveFrom: z.preprocess(isoFromDisplayDate, NewBaseLevelSchema.shape.effectiveFrom),
  amount: z.preprocess(vndFromText, NewBaseLevelSchema.shape.amount),
  legalBasis: NewBaseLevelSchema.shape.legalBasis,
  // Optional: the last day in force, when the decree says the level ends (domain/effective-period.ts).
  effectiveTo: z.preprocess(isoFromDisplayDate, NewBaseLevelSchema.shape.effectiveTo),
});

/**
 * The schema speaks the API's formats (YYYY-MM-DD, a JSON number); the page asks for dd/mm/yyyy and đồng, and
 * says so beside the field and in the summary, where a bare "Phải là số" would not say which field.
 */
function pageErrors(errors: readonly PageFieldError[]): PageFieldError[] {
  return errors.map((error) => {
    if (
      (error.field === 'effectiveFrom' || error.field === 'effectiveTo') &&
      /YYYY-MM-DD/.test(error.message)
    ) {
      return { ...error, message: DATE_MESSAGE };
    }
    if (error.field === 'amount' && error.message === 'Phải là số') {
      return { ...error, message: 'Mức chuẩn phải là số đồng, ví dụ 540.000' };
    }
    return error;
  });
}

export const adminBaseLevelPages: PageModule = (router, { deps, views }) => {
  async function show(
    req: Request,
    res: Response,
    values: Values = {},
    errors: PageFieldError[] = [],
    status = 200,
  ) {
    const [{ today, levels }, { warnings }] = await Promise.all([
      baseLevelsToday(deps),
      expiryWarnings(deps),
    ]);
    const added = typeof req.query['da-them'] === 'string' ? req.query['da-them'] : '';
    renderPage(
      views,
      res,
      'admin/base-levels',
      {
        title: 'Mức chuẩn trợ giúp xã hội',
        errors,
        today,
        expiryWarnings: warnings.filter((warning) => warning.kind === 'base_level_ending'),
        levels: [...levels].reverse().map((level) => ({ ...level, added: level.effectiveFrom === added })),
        added: levels.find((level) => level.effectiveFrom === added && level.source === 'stored'),
        form: values,
        key: newFormKey(),
      },
      status,
    );
  }

  router.get(PATH, requireOfficer(['admin']), async (req, res) => {
    await show(req, res);
  });

  router.post(PATH, requireOfficer(['admin']), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: Values = formValues(body, FIELDS);
    const parsed = parseForm(BaseLevelForm, values, {
      whenEmpty: {
        effectiveFrom: DATE_MESSAGE,
        amount: 'Nhập mức chuẩn, bằng đồng, ví dụ 540.000',
        legalBasis: 'Nhập căn cứ, ví dụ số và ngày của nghị định',
      },
    });
    if (!parsed.ok) {
      await show(req, res, values, pageErrors(parsed.errors), 422);
      return;
    }
    const user = userOf(res);
    const level = parsed.data;
    try {
      await oncePerFormKey(
        deps,
        { name: 'base-level', user, key: formKeyOf(body), request: level },
        async (client) => {
          const stored = await addBaseLevel(deps, actorOf(user, clientAddressOf(req)), level, client);
          return { effectiveFrom: stored.effectiveFrom };
        },
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'BASE_LEVEL_EXISTS') {
        const message = `${error.message}. Kiểm tra bảng dưới đây hoặc chọn ngày khác.`;
        await show(req, res, values, [{ field: 'effectiveFrom', message }], 409);
        return;
      }
      if (error instanceof AppError && error.fieldErrors) {
        const errors = error.fieldErrors.map((fieldError) => ({
          field: fieldError.path.replace(/^body\./, ''),
          message: fieldError.message,
        }));
        await show(req, res, values, pageErrors(errors), 422);
        return;
      }
      throw error;
    }
    res.redirect(303, `${PATH}?da-them=${level.effectiveFrom}#ket-qua`);
  });
};
