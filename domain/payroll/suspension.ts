/**
 * Suspension after payment uncollected for 3 consecutive months (Decree 20; DOMAIN.md §4.3): decided by
 * reconciliation from the payer's confirmations. A month is uncollected when the entitlement had lines on that
 * month's list and the payer paid none of them.
 */
import { nextMonth } from './month';

export const UNCOLLECTED_MONTHS_BEFORE_SUSPENSION = 3;

export interface MonthOutcome {
  /** The payroll's month. */
  month: string;
  /** Whether the payer paid at least one of the entitlement's lines of that list. */
  collected: boolean;
}

/**
 * The month suspension starts from (the month after the third uncollected list), or undefined. `outcomes`
 * are the entitlement's lists, ending with the one just reconciled; a month with no list breaks the run.
 */
export function suspensionFrom(outcomes: readonly MonthOutcome[]): string | undefined {
  const sorted = [...outcomes].sort((a, b) => a.month.localeCompare(b.month));
  const recent = sorted.slice(-UNCOLLECTED_MONTHS_BEFORE_SUSPENSION);
  if (recent.length < UNCOLLECTED_MONTHS_BEFORE_SUSPENSION) return undefined;
  for (let index = 0; index < recent.length; index += 1) {
    if (recent[index]!.collected) return undefined;
    if (index > 0 && nextMonth(recent[index - 1]!.month) !== recent[index]!.month) return undefined;
  }
  return nextMonth(recent[recent.length - 1]!.month);
}
