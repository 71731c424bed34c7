/**
 * The Vietnamese lunisolar calendar (âm lịch), computed for UTC+7.
 *
 * Rules: a month begins on the day (at UTC+7) that holds a new moon; the month holding the December solstice
 * is month 11; when 13 months separate two months 11, the first month after the first month 11 that holds
 * no principal solar term (the Sun crossing a multiple of 30° longitude) is the leap month and repeats the
 * number of the month before it. Using UTC+7 instead of China's UTC+8 is what makes, e.g., Tết 1985, 2007
 * and 2030 fall on a different day from the Chinese New Year.
 */
import { DomainError } from '../domain-error';
import {
  JULIAN_DAY_OF_DAY_NUMBER_ZERO,
  apparentSunLongitude,
  julianDayOfSunLongitude,
  newMoonIndexNear,
  newMoonJulianDay,
} from './astronomy';
import { DayNumber, dayNumberFromParts, toDayNumber, toIsoDate } from './day-number';

export interface LunarDate {
  readonly day: number;
  readonly month: number;
  readonly year: number;
  readonly leap: boolean;
}

export interface LunarDateInput {
  readonly day: number;
  readonly month: number;
  readonly year: number;
  readonly leap?: boolean;
}

/** Solar years whose days can be converted; ΔT, and therefore the result, is unreliable far outside it. */
export const LUNAR_SUPPORTED_YEARS = { from: 1900, to: 2100 } as const;

const VIETNAM_UTC_OFFSET_DAYS = 7 / 24;

interface LunarMonth {
  readonly month: number;
  readonly leap: boolean;
  readonly start: DayNumber;
  readonly length: number;
}

/** The months from one month 11 (inclusive) to the next (exclusive); `lunarYearOfFirst` owns months 11–12. */
interface MonthsBetweenSolstices {
  readonly lunarYearOfFirst: number;
  readonly months: readonly LunarMonth[];
  readonly indexOfFirstMonth: number;
}

function localDayOf(julianDayUT: number): DayNumber {
  return Math.floor(julianDayUT - JULIAN_DAY_OF_DAY_NUMBER_ZERO + VIETNAM_UTC_OFFSET_DAYS);
}

function julianDayOfLocalMidnight(day: DayNumber): number {
  return day + JULIAN_DAY_OF_DAY_NUMBER_ZERO - VIETNAM_UTC_OFFSET_DAYS;
}

function newMoonDay(k: number): DayNumber {
  return localDayOf(newMoonJulianDay(k));
}

/** Which 30° sector of longitude the Sun is in when `day` begins, at UTC+7. */
function solarTermSector(day: DayNumber): number {
  return Math.floor(apparentSunLongitude(julianDayOfLocalMidnight(day)) / 30);
}

const month11Cache = new Map<number, number>();

/** Index k of the new moon that starts month 11 of lunar year `solarYear` (the month holding its December solstice). */
function month11NewMoonIndex(solarYear: number): number {
  const cached = month11Cache.get(solarYear);
  if (cached !== undefined) return cached;
  const guess = julianDayOfLocalMidnight(dayNumberFromParts(solarYear, 12, 21));
  const solsticeDay = localDayOf(julianDayOfSunLongitude(270, guess));
  let k = newMoonIndexNear(julianDayOfLocalMidnight(solsticeDay));
  while (newMoonDay(k) > solsticeDay) k -= 1;
  while (newMoonDay(k + 1) <= solsticeDay) k += 1;
  month11Cache.set(solarYear, k);
  return k;
}

const monthsCache = new Map<number, MonthsBetweenSolstices>();

function monthsFromMonth11Of(lunarYear: number): MonthsBetweenSolstices {
  const cached = monthsCache.get(lunarYear);
  if (cached) return cached;
  const firstK = month11NewMoonIndex(lunarYear);
  const count = month11NewMoonIndex(lunarYear + 1) - firstK;
  const starts = Array.from({ length: count + 1 }, (_, i) => newMoonDay(firstK + i));
  let leapIndex = -1;
  if (count === 13) {
    for (let i = 1; i < count; i += 1) {
      if (solarTermSector(starts[i]!) === solarTermSector(starts[i + 1]!)) {
        leapIndex = i;
        break;
      }
    }
    if (leapIndex < 0) throw new Error(`no month without a principal term after month 11 of ${lunarYear}`);
  }
  const months: LunarMonth[] = [];
  let number = 11;
  for (let i = 0; i < count; i += 1) {
    const leap = i === leapIndex;
    if (i > 0 && !leap) number = (number % 12) + 1;
    months.push({ month: number, leap, start: starts[i]!, length: starts[i + 1]! - starts[i]! });
  }
  const indexOfFirstMonth = months.findIndex((m) => m.month === 1 && !m.leap);
  const result = { lunarYearOfFirst: lunarYear, months, indexOfFirstMonth };
  monthsCache.set(lunarYear, result);
  return result;
}

function assertSupportedYear(year: number, text: string): void {
  if (year < LUNAR_SUPPORTED_YEARS.from || year > LUNAR_SUPPORTED_YEARS.to) {
    throw new DomainError(
      'DATE_OUT_OF_RANGE',
      `${text} is outside the supported years ${LUNAR_SUPPORTED_YEARS.from}–${LUNAR_SUPPORTED_YEARS.to}`,
      `${text} nằm ngoài khoảng năm được hỗ trợ ${LUNAR_SUPPORTED_YEARS.from}–${LUNAR_SUPPORTED_YEARS.to}`,
    );
  }
}

export function lunarDateOfDay(day: DayNumber, year: number, text: string): LunarDate {
  assertSupportedYear(year, text);
  const ownerOfMonth11 = day >= newMoonDay(month11NewMoonIndex(year)) ? year : year - 1;
  const span = monthsFromMonth11Of(ownerOfMonth11);
  const index = span.months.findIndex((m) => day >= m.start && day < m.start + m.length);
  const month = span.months[index]!;
  const lunarYear = index < span.indexOfFirstMonth ? span.lunarYearOfFirst : span.lunarYearOfFirst + 1;
  return { day: day - month.start + 1, month: month.month, year: lunarYear, leap: month.leap };
}

/** 'YYYY-MM-DD' (a legal date in Vietnam) → the Vietnamese lunar date of that day. */
export function solarToLunar(date: string): LunarDate {
  const day = toDayNumber(date);
  return lunarDateOfDay(day, Number(date.slice(0, 4)), `"${date}"`);
}

function invalidLunarDate(input: LunarDateInput, reasonEn: string, reasonVi: string): DomainError {
  const label = `${input.day}/${input.month}${input.leap ? ' (nhuận)' : ''}/${input.year}`;
  return new DomainError(
    'INVALID_LUNAR_DATE',
    `invalid lunar date ${label}: ${reasonEn}`,
    `Ngày âm lịch ${label} không hợp lệ: ${reasonVi}`,
  );
}

/** The months of one lunar year, in order, with their first solar day and length (29 or 30). */
export function monthsOfLunarYear(lunarYear: number): LunarMonth[] {
  assertSupportedYear(lunarYear, `lunar year ${lunarYear}`);
  const before = monthsFromMonth11Of(lunarYear - 1);
  const after = monthsFromMonth11Of(lunarYear);
  return [
    ...before.months.slice(before.indexOfFirstMonth),
    ...after.months.slice(0, after.indexOfFirstMonth),
  ];
}

/** First solar day of a lunar month, or undefined when that (leap) month does not exist that year. */
export function lunarMonthOf(lunarYear: number, month: number, leap: boolean): LunarMonth | undefined {
  return monthsOfLunarYear(lunarYear).find((m) => m.month === month && m.leap === leap);
}

/** A Vietnamese lunar date → 'YYYY-MM-DD'. Throws INVALID_LUNAR_DATE for days or leap months that do not exist. */
export function lunarToSolar(input: LunarDateInput): string {
  const { day, month, year } = input;
  const leap = input.leap ?? false;
  if (![day, month, year].every(Number.isInteger)) {
    throw invalidLunarDate(
      input,
      'day, month and year must be integers',
      'ngày, tháng, năm phải là số nguyên',
    );
  }
  if (month < 1 || month > 12) throw invalidLunarDate(input, 'month must be 1–12', 'tháng phải từ 1 đến 12');
  if (day < 1 || day > 30) throw invalidLunarDate(input, 'day must be 1–30', 'ngày phải từ 1 đến 30');
  assertSupportedYear(year, `lunar year ${year}`);
  const found = lunarMonthOf(year, month, leap);
  if (!found) {
    const actualLeap = monthsOfLunarYear(year).find((m) => m.leap);
    const hint = actualLeap ? `leap month is ${actualLeap.month}` : 'no leap month';
    const hintVi = actualLeap ? `tháng nhuận là tháng ${actualLeap.month}` : 'không có tháng nhuận';
    throw invalidLunarDate(
      input,
      `lunar year ${year} has no leap month ${month} (${hint})`,
      `năm âm lịch ${year} không có tháng ${month} nhuận (${hintVi})`,
    );
  }
  if (day > found.length) {
    throw invalidLunarDate(
      input,
      `that month has only ${found.length} days`,
      `tháng này chỉ có ${found.length} ngày`,
    );
  }
  return toIsoDate(found.start + day - 1);
}
