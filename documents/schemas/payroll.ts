import { z } from 'zod';
import { legalMonth, text, vndAmount } from './common';

/**
 * The printable payment list of a commune for a month (issue 14; DOMAIN.md §8): one row per payroll line, a
 * column for the recipient's signature, the total in figures and in words. Names only: never an ID number or
 * a qualifying clause.
 */
export const payrollListSchema = z.strictObject({
  unitName: text,
  month: legalMonth,
  payrollId: z.number().int().positive(),
  /** Vietnamese state title, e.g. 'Đã phê duyệt'. */
  stateTitle: text,
  rows: z.array(
    z.strictObject({
      lineNo: z.number().int().positive(),
      dossierCode: text,
      beneficiaryName: text,
      /** Vietnamese title of the line's kind (domain/payroll/build.ts LINE_KIND_TITLES). */
      kind: text,
      /** MM/YYYY. */
      coversMonth: text,
      amount: vndAmount,
    }),
  ),
  total: vndAmount,
});

export type PayrollListData = z.input<typeof payrollListSchema>;
