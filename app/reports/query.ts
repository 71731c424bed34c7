/**
 * The query every report takes, checked once: a period of at most five years that does not run backwards, an
 * optional unit (which must lie in the caller's scope) and procedure, and the format of the answer.
 */
import { z } from 'zod';
import { ProcedureIdSchema } from '../dossiers/schemas';
import { validationFailed } from '../errors';
import { IsoDateSchema, UnitCodeSchema } from '../schemas';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const MAX_PERIOD_YEARS = 5;

/** The day `years` years after `date` (29/02 falls back to 28/02). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

export const ReportQuerySchema = z.strictObject({
  from: IsoDateSchema.optional().meta({
    description: 'First day of the period (default: 1 January of `to`)',
  }),
  to: IsoDateSchema.optional().meta({ description: 'Last day of the period, inclusive (default: today)' }),
  unitCode: UnitCodeSchema.optional().meta({
    description: 'Report on this unit and those under it (default: the caller’s unit); must be in scope',
  }),
  procedureId: ProcedureIdSchema.optional(),
  format: z.enum(REPORT_FORMATS).default('json'),
  table: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,40}$/, { error: 'Tên bảng: chữ thường không dấu, chữ số, gạch ngang' })
    .optional()
    .meta({ description: 'For format=csv: which table of the report (default: its first)' }),
});
export type ReportQuery = z.output<typeof ReportQuerySchema>;

/**
 * The period with its defaults filled in (1 January of `to`'s year; `to` = today), or 400 when it runs
 * backwards or is longer than five years (a period of exactly five years, 01/01/2050–31/12/2054, is allowed).
 */
export function resolvePeriod(query: ReportQuery, today: string): { from: string; to: string } {
  const to = query.to ?? today;
  const from = query.from ?? `${to.slice(0, 4)}-01-01`;
  if (to < from) {
    throw validationFailed([{ path: 'query.to', message: 'Ngày cuối kỳ không được trước ngày đầu kỳ' }]);
  }
  if (to >= addYears(from, MAX_PERIOD_YEARS)) {
    throw validationFailed([
      { path: 'query.to', message: `Kỳ báo cáo dài tối đa ${MAX_PERIOD_YEARS} năm: chọn kỳ ngắn hơn` },
    ]);
  }
  return { from, to };
}
