/**
 * Public holidays of Labour Code 2019 Art. 112(1), derived by rule for one solar year, before weekends are
 * compensated (Art. 111(3), done by the working calendar because it needs every other day off first).
 *
 * The law leaves two things to a yearly decision: the exact five days of Tết and the day beside 2/9.
 * Our default rules for them reproduce every official schedule of 2021–2026:
 * - Tết: five consecutive days from the 29th of the last lunar month (so "30 Tết" is included when the
 *   month is long, and Tết takes lunar 1/1–1/4 when the month is short);
 * - 2/9: the adjacent day that joins 2/9 to a weekend (Tuesday or Friday → 1/9, Monday or Thursday → 3/9,
 *   Saturday → Friday 1/9, Sunday → Monday 3/9); for a Wednesday nothing joins, we take 1/9.
 * Days made by these two rules are provisional until a notice covers them.
 */
import { DayNumber, dayNumberFromParts, toDayNumber, weekdayOf } from './day-number';
import { lunarMonthOf, monthsOfLunarYear } from './lunar-calendar';

export const HOLIDAY_IDS = [
  'new-year',
  'tet',
  'hung-kings',
  'victory-day',
  'labour-day',
  'national-day',
] as const;
export type StandardHolidayId = (typeof HOLIDAY_IDS)[number];

export const HOLIDAY_NAMES: Readonly<Record<StandardHolidayId, string>> = {
  'new-year': 'Tết Dương lịch',
  tet: 'Tết Nguyên đán',
  'hung-kings': 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
  'victory-day': 'Ngày Chiến thắng (30/4)',
  'labour-day': 'Ngày Quốc tế Lao động (1/5)',
  'national-day': 'Quốc khánh (2/9)',
};

export const NATIONAL_DAY_ADJACENT_REASON = 'Quốc khánh (ngày nghỉ liền kề 2/9)';

export interface RuleHoliday {
  readonly day: DayNumber;
  readonly holiday: string;
  readonly reason: string;
  /** Set for days the Government fixes each year (Tết, the day beside 2/9): provisional without a notice. */
  readonly yearlyDecided?: true;
}

/** A holiday on a fixed solar date that a later law adds (data: see CalendarData.annualHolidays). */
export interface AnnualHolidayRule {
  readonly id: string;
  readonly reason: string;
  readonly month: number;
  readonly day: number;
  readonly firstYear: number;
  /** Last day the rule applies, inclusive (domain/effective-period.ts); absent while no end is known. */
  readonly effectiveTo?: string | undefined;
}

function tetDays(year: number): RuleHoliday[] {
  const lastMonth = monthsOfLunarYear(year - 1).at(-1)!;
  const first = lastMonth.start + 28;
  return Array.from({ length: 5 }, (_, i) => ({
    day: first + i,
    holiday: 'tet',
    reason: HOLIDAY_NAMES.tet,
    yearlyDecided: true as const,
  }));
}

function nationalDayAdjacent(year: number): DayNumber {
  const nationalDay = dayNumberFromParts(year, 9, 2);
  const joinsWeekendAfter = [0, 1, 4].includes(weekdayOf(nationalDay));
  return joinsWeekendAfter ? nationalDay + 1 : nationalDay - 1;
}

export function ruleHolidays(year: number, annualHolidays: readonly AnnualHolidayRule[] = []): RuleHoliday[] {
  const fixed = (holiday: StandardHolidayId, month: number, day: number): RuleHoliday => ({
    day: dayNumberFromParts(year, month, day),
    holiday,
    reason: HOLIDAY_NAMES[holiday],
  });
  const hungKingsMonth = lunarMonthOf(year, 3, false)!;
  const holidays: RuleHoliday[] = [
    fixed('new-year', 1, 1),
    ...tetDays(year),
    { day: hungKingsMonth.start + 9, holiday: 'hung-kings', reason: HOLIDAY_NAMES['hung-kings'] },
    fixed('victory-day', 4, 30),
    fixed('labour-day', 5, 1),
    fixed('national-day', 9, 2),
    {
      day: nationalDayAdjacent(year),
      holiday: 'national-day',
      reason: NATIONAL_DAY_ADJACENT_REASON,
      yearlyDecided: true,
    },
    ...annualHolidays
      .filter((rule) => year >= rule.firstYear)
      .filter(
        (rule) =>
          rule.effectiveTo === undefined ||
          dayNumberFromParts(year, rule.month, rule.day) <= toDayNumber(rule.effectiveTo),
      )
      .map((rule) => ({
        day: dayNumberFromParts(year, rule.month, rule.day),
        holiday: rule.id,
        reason: rule.reason,
      })),
  ];
  return holidays.sort((a, b) => a.day - b.day);
}
