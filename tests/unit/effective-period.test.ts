/**
 * The one definition of an end date (domain/effective-period.ts): effectiveTo is the last day in force,
 * inclusive; admins are warned EXPIRY_WARNING_DAYS before an end with nothing to follow. Also the calendar's
 * annual holidays, which carry the same end date.
 */
import { toDayNumber, toIsoDate } from '../../domain/calendar/day-number';
import { ruleHolidays } from '../../domain/calendar/holiday-rules';
import { annualHolidaySchema } from '../../domain/calendar/calendar-data';
import {
  daysUntilEnd,
  endsWithoutSuccessor,
  EXPIRY_WARNING_DAYS,
  firstDayAfter,
  isInForceOn,
} from '../../domain/effective-period';

const addDays = (date: string, days: number) => toIsoDate(toDayNumber(date) + days);

describe('effectiveTo: the last day in force, inclusive', () => {
  const period = { effectiveFrom: '2025-07-01', effectiveTo: '2027-02-28' };

  test('in force from the first to the last day, not the day after', () => {
    expect(isInForceOn(period, '2025-06-30')).toBe(false);
    expect(isInForceOn(period, '2025-07-01')).toBe(true);
    expect(isInForceOn(period, '2027-02-28')).toBe(true);
    expect(isInForceOn(period, '2027-03-01')).toBe(false);
    expect(firstDayAfter(period)).toBe('2027-03-01');
    expect(isInForceOn({ effectiveFrom: '2025-07-01' }, '2099-12-31')).toBe(true);
  });

  test(`warned from ${EXPIRY_WARNING_DAYS} days before the end, while in force, unless a successor follows`, () => {
    const end = period.effectiveTo;
    expect(endsWithoutSuccessor(period, [period], addDays(end, -(EXPIRY_WARNING_DAYS + 1)))).toBe(false);
    expect(endsWithoutSuccessor(period, [period], addDays(end, -EXPIRY_WARNING_DAYS))).toBe(true);
    expect(daysUntilEnd(period, addDays(end, -EXPIRY_WARNING_DAYS))).toBe(EXPIRY_WARNING_DAYS);
    expect(endsWithoutSuccessor(period, [period], end)).toBe(true);
    expect(endsWithoutSuccessor(period, [period], addDays(end, 1))).toBe(false); // no longer in force

    const successor = { effectiveFrom: addDays(end, 1) };
    expect(endsWithoutSuccessor(period, [period, successor], end)).toBe(false);
    // A successor that starts later leaves a gap: the day after the end is still uncovered.
    const late = { effectiveFrom: addDays(end, 2) };
    expect(endsWithoutSuccessor(period, [period, late], end)).toBe(true);
    expect(endsWithoutSuccessor({ effectiveFrom: '2025-07-01' }, [], end)).toBe(false);
  });
});

describe('an annual holiday that a later law removes', () => {
  const rule = { id: 'ngay-thu', reason: 'Ngày thử nghiệm', month: 11, day: 24, firstYear: 2054 };

  test('applies in the years whose day is on or before its effectiveTo', () => {
    const days = (year: number, effectiveTo?: string) =>
      ruleHolidays(year, [{ ...rule, effectiveTo }])
        .filter((holiday) => holiday.holiday === 'ngay-thu')
        .map((holiday) => toIsoDate(holiday.day));
    expect(days(2055)).toEqual(['2055-11-24']);
    expect(days(2055, '2055-11-24')).toEqual(['2055-11-24']);
    expect(days(2055, '2055-11-23')).toEqual([]);
    expect(days(2056, '2055-12-31')).toEqual([]);
  });

  test('the schema takes an end date and refuses one that is not a day', () => {
    expect(annualHolidaySchema.safeParse({ ...rule, effectiveTo: '2056-12-31' }).success).toBe(true);
    expect(annualHolidaySchema.safeParse({ ...rule, effectiveTo: '2056-02-30' }).success).toBe(false);
  });
});
