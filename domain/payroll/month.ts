/**
 * Months of the payroll ('YYYY-MM'): the list a payroll pays, the month a line covers, a start month. Strings
 * in this shape sort as months do, so comparisons are plain string comparisons.
 */
import { nextMonth } from '../base-level-arrears';
import { monthOf } from '../iso-date';

export { nextMonth };

export const MONTH_PATTERN = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return MONTH_PATTERN.test(text);
}

/** The month before 'YYYY-MM'. */
export function previousMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 1 ? `${year - 1}-12` : `${year}-${String(monthNumber - 1).padStart(2, '0')}`;
}

/** The month of a legal date 'YYYY-MM-DD'. */
export function monthOfDate(isoDate: string): string {
  return monthOf(isoDate);
}

/** 'YYYY-MM' → 'MM/YYYY', as Vietnamese papers write a month. */
export function monthLabel(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}
