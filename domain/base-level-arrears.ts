/**
 * Arrears (truy lĩnh) of a monthly allowance when a base level becomes known after the months it covers were
 * paid: for each month from the level's effective month up to a given month, the amount under the table with
 * the level minus the amount under the table without it. Pure: the caller supplies both tables.
 *
 * A month's amount is base level × coefficient (monthlyAmountOn, the one rule) with the level in force on the
 * month's first day: allowances are monthly, and base-level decrees take effect on the 1st (a level from the
 * 15th would apply from the next month).
 */
import { monthlyAmountOn, type BaseLevelEntry } from './base-level';
import { monthOf } from './iso-date';

export interface ArrearsMonth {
  /** 'YYYY-MM'. */
  month: string;
  previousAmount: number;
  newAmount: number;
  /** newAmount − previousAmount, whole VND (negative if a level was lowered). */
  amount: number;
}

/** The month after 'YYYY-MM'. */
export function nextMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
}

/** A month's amount for a coefficient under a base level table. */
export function monthlyAmountInMonth(
  month: string,
  coefficient: number,
  table: readonly BaseLevelEntry[],
): number {
  return monthlyAmountOn(`${month}-01`, coefficient, table);
}

/**
 * The months from the later of `effectiveFrom`'s month and `startMonth` through `throughMonth` (both included)
 * whose amount differs between the tables, with the difference.
 */
export function baseLevelArrears(input: {
  coefficient: number;
  startMonth: string;
  effectiveFrom: string;
  throughMonth: string;
  tableBefore: readonly BaseLevelEntry[];
  tableAfter: readonly BaseLevelEntry[];
}): ArrearsMonth[] {
  const effectiveMonth = monthOf(input.effectiveFrom);
  const first = input.startMonth > effectiveMonth ? input.startMonth : effectiveMonth;
  const months: ArrearsMonth[] = [];
  for (let month = first; month <= input.throughMonth; month = nextMonth(month)) {
    const previousAmount = monthlyAmountInMonth(month, input.coefficient, input.tableBefore);
    const newAmount = monthlyAmountInMonth(month, input.coefficient, input.tableAfter);
    if (newAmount !== previousAmount) {
      months.push({ month, previousAmount, newAmount, amount: newAmount - previousAmount });
    }
  }
  return months;
}
