/**
 * Legal dates are calendar days written 'YYYY-MM-DD' (Asia/Ho_Chi_Minh, no time, no zone). These helpers
 * validate and compare them without going through `Date`, so no time zone can shift a day.
 */
import { DomainError } from './domain-error';

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when year/month/day name a real Gregorian day (e.g. not 2025-02-29). */
export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export function parseIsoDate(text: string, what = 'date'): CalendarDate {
  const match = ISO_DATE.exec(text);
  if (!match) {
    throw new DomainError(
      'INVALID_DATE',
      `${what} must be a date written YYYY-MM-DD, got "${text}"`,
      `${what}: ngày phải viết theo dạng YYYY-MM-DD, nhận được "${text}"`,
    );
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isValidCalendarDate(year, month, day)) {
    throw new DomainError(
      'INVALID_DATE',
      `${what} is not a real calendar day: "${text}"`,
      `${what}: ngày không có thật trên lịch: "${text}"`,
    );
  }
  return { year, month, day };
}

export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  return match !== null && isValidCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** 'YYYY-MM' of a valid 'YYYY-MM-DD'. */
export function monthOf(isoDate: string): string {
  parseIsoDate(isoDate);
  return isoDate.slice(0, 7);
}

/** Whole years completed on `on` (a person is N years old from their Nth birthday on). */
export function ageInFullYears(dateOfBirth: string, on: string): number {
  const birth = parseIsoDate(dateOfBirth, 'dateOfBirth');
  const day = parseIsoDate(on, 'on');
  if (on < dateOfBirth) {
    throw new DomainError(
      'BORN_AFTER_DATE',
      `date of birth ${dateOfBirth} is after ${on}`,
      `Ngày sinh ${dateOfBirth} sau ngày ${on}`,
    );
  }
  const birthdayPassed = day.month > birth.month || (day.month === birth.month && day.day >= birth.day);
  // Someone born on 29 February is one year older from 1 March in common years: the comparison above
  // already does that, because 28 February < 29 February.
  return day.year - birth.year - (birthdayPassed ? 0 : 1);
}

/** The 'YYYY-MM' in which a person born on `dateOfBirth` reaches `age` full years. */
export function monthReachingAge(dateOfBirth: string, age: number): string {
  const birth = parseIsoDate(dateOfBirth, 'dateOfBirth');
  const year = birth.year + age;
  // Born 29 February: in a common year the birthday is reached on 1 March (see ageInFullYears).
  const month = birth.month === 2 && birth.day === 29 && !isLeapYear(year) ? 3 : birth.month;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The same day a year later ('2026-03-15' → '2027-03-15'; 29 February → 1 March). */
export function sameDayNextYear(isoDate: string): string {
  const { year, month, day } = parseIsoDate(isoDate);
  const next = year + 1;
  const [m, d] = isValidCalendarDate(next, month, day) ? [month, day] : [3, 1];
  return `${String(next).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
