/**
 * The one definition of when a rule ends. Procedure versions, base levels and calendar rules (annual holidays)
 * carry `effectiveFrom` and an optional `effectiveTo`, both legal dates 'YYYY-MM-DD':
 * - `effectiveFrom` is the first day the rule applies;
 * - `effectiveTo` is the LAST day it applies (inclusive); absent while no end is known.
 * So a decree that "ceases to have effect from 01/03/2027" is written `effectiveTo: '2027-02-28'`, and a rule is
 * in force on a date when effectiveFrom ≤ date ≤ effectiveTo.
 *
 * Admins are warned EXPIRY_WARNING_DAYS calendar days before a rule in force ends with nothing to follow it
 * (the day after its end is covered by no rule), so a successor can be published before submissions are
 * refused.
 */
import { toDayNumber, toIsoDate } from './calendar/day-number';

export interface EffectivePeriod {
  readonly effectiveFrom: string;
  /** Last day in force, inclusive; absent while in force with no end known. */
  readonly effectiveTo?: string | undefined;
}

/** Calendar days before an end without a successor that admins start seeing a warning. */
export const EXPIRY_WARNING_DAYS = 60;

export function isInForceOn(period: EffectivePeriod, date: string): boolean {
  return period.effectiveFrom <= date && (period.effectiveTo === undefined || date <= period.effectiveTo);
}

/** The first day a period no longer covers (the day after effectiveTo); undefined when it has no end. */
export function firstDayAfter(period: EffectivePeriod): string | undefined {
  return period.effectiveTo === undefined ? undefined : toIsoDate(toDayNumber(period.effectiveTo) + 1);
}

/** Calendar days from `today` to the period's last day (0 on the last day itself). */
export function daysUntilEnd(period: EffectivePeriod, today: string): number | undefined {
  return period.effectiveTo === undefined
    ? undefined
    : toDayNumber(period.effectiveTo) - toDayNumber(today, 'today');
}

/**
 * Whether admins should be warned today about `period`: it is in force today, it ends within
 * EXPIRY_WARNING_DAYS days (today ≥ effectiveTo − EXPIRY_WARNING_DAYS), and none of `others` (the other periods of the same
 * rule: other versions of the procedure, other base levels) is in force on the day after it ends.
 */
export function endsWithoutSuccessor(
  period: EffectivePeriod,
  others: readonly EffectivePeriod[],
  today: string,
): boolean {
  const left = daysUntilEnd(period, today);
  if (left === undefined || left > EXPIRY_WARNING_DAYS || !isInForceOn(period, today)) return false;
  const after = firstDayAfter(period)!;
  return !others.some((other) => other !== period && isInForceOn(other, after));
}

/** 'dd/mm/yyyy', how dates are written to people. */
export function vietnameseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}
