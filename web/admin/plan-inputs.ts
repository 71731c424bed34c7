/**
 * `/quan-tri/chi-tieu-ke-hoach`: the two figures of the yearly plan report only an admin knows (people in
 * special hardship living in a unit, how many of them got comprehensive services), per unit in the admin's
 * scope and year, beside what is already entered. The form is checked by the API's own schema and use case
 * (app/reports/plan-inputs.ts, `PUT /api/reports/plan-inputs/…`); errors come back beside their field with what
 * was typed kept. Saving again replaces the unit's figures for that year, so a double submit changes nothing.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../app/errors';
import { clockOf, legalToday } from '../../app/deps';
import { enterPlanInput, planInputsForYear, PlanInputSchema } from '../../app/reports/plan-inputs';
import { UnitCodeSchema } from '../../app/schemas';
import type { PageModule } from '../app';
import { formValues, parseForm } from '../form-errors';
import { renderPage, userOf, type PageFieldError } from '../page';
import { requireOfficer } from '../session';

const PATH = '/quan-tri/chi-tieu-ke-hoach';
const FIELDS = ['unitCode', 'year', 'peopleInSpecialHardship', 'comprehensiveServices', 'note'] as const;
type Values = Partial<Record<(typeof FIELDS)[number], string>>;
const NUMBER_MESSAGE = 'Nhập số người, chữ số, ví dụ 1.250';

/** "1.250", "1 250" or "1250 người" → 1250; anything else stays text, for the schema to refuse. */
function wholeNumberFromText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const digits = value.replace(/(\s|\.|người$)/gu, '');
  return /^\d{1,9}$/.test(digits) ? Number(digits) : value;
}

const YearSchema = z.coerce.number().int().min(2000).max(2100);

const PlanInputForm = z.strictObject({
  unitCode: UnitCodeSchema,
  year: YearSchema,
  peopleInSpecialHardship: z.preprocess(wholeNumberFromText, PlanInputSchema.shape.peopleInSpecialHardship),
  comprehensiveServices: z.preprocess(wholeNumberFromText, PlanInputSchema.shape.comprehensiveServices),
  note: PlanInputSchema.shape.note,
});

/** The schema's "Phải là số" does not say what to type; the page does. */
function pageErrors(errors: readonly PageFieldError[]): PageFieldError[] {
  return errors.map((error) =>
    (error.field === 'peopleInSpecialHardship' || error.field === 'comprehensiveServices') &&
    error.message === 'Phải là số'
      ? { ...error, message: NUMBER_MESSAGE }
      : error,
  );
}

export const adminPlanInputPages: PageModule = (router, { deps, views }) => {
  async function show(
    req: Request,
    res: Response,
    year: number,
    values: Values = {},
    errors: PageFieldError[] = [],
    status = 200,
  ) {
    const { units, inputs } = await planInputsForYear(deps, userOf(res), year);
    const names = new Map(units.map((unit) => [unit.code, unit.name]));
    const saved = typeof req.query['da-luu'] === 'string' ? req.query['da-luu'] : '';
    const chosen = values.unitCode ?? units[0]?.code;
    renderPage(
      views,
      res,
      'admin/plan-inputs',
      {
        title: 'Số liệu báo cáo kế hoạch hằng năm',
        errors,
        year,
        previousYear: year - 1,
        nextYear: year + 1,
        units: units.map((unit) => ({ ...unit, selected: unit.code === chosen })),
        inputs: inputs.map((input) => ({
          ...input,
          unitName: names.get(input.unitCode) ?? input.unitCode,
          saved: input.unitCode === saved,
        })),
        saved: inputs.find((input) => input.unitCode === saved),
        savedName: names.get(saved),
        form: { year: String(year), ...values },
      },
      status,
    );
  }

  const yearOf = (req: Request) => {
    const asked = YearSchema.safeParse(req.query['nam']);
    return asked.success ? asked.data : Number(legalToday(clockOf(deps)()).slice(0, 4));
  };

  router.get(PATH, requireOfficer(['admin']), async (req, res) => {
    await show(req, res, yearOf(req));
  });

  router.post(PATH, requireOfficer(['admin']), async (req, res) => {
    const values: Values = formValues(req.body, FIELDS);
    const year = YearSchema.safeParse(values.year).success ? Number(values.year) : yearOf(req);
    const parsed = parseForm(PlanInputForm, values, {
      whenEmpty: {
        unitCode: 'Chọn đơn vị',
        peopleInSpecialHardship: 'Nhập số người có hoàn cảnh đặc biệt khó khăn',
        comprehensiveServices: 'Nhập số người được cung cấp dịch vụ toàn diện (0 nếu chưa có)',
      },
    });
    if (!parsed.ok) {
      await show(req, res, year, values, pageErrors(parsed.errors), 422);
      return;
    }
    const { unitCode, year: chosenYear, ...input } = parsed.data;
    try {
      await enterPlanInput(deps, userOf(res), unitCode, chosenYear, input);
    } catch (error) {
      if (error instanceof AppError && error.fieldErrors) {
        const errors = error.fieldErrors.map((fieldError) => ({
          field: fieldError.path.replace(/^body\./, ''),
          message: fieldError.message,
        }));
        await show(req, res, year, values, pageErrors(errors), 422);
        return;
      }
      throw error;
    }
    res.redirect(303, `${PATH}?nam=${chosenYear}&da-luu=${unitCode}#ket-qua`);
  });
};
