/**
 * Working days for legal deadlines. Layers, each overriding the one before it:
 * weekends → holidays by rule, compensated when they fall on a weekend → official notices (which replace
 * the rule for the holidays they cover) → the province's overrides.
 */
import { DomainError } from '../domain-error';
import { CalendarData, CalendarDataInput, calendarDataSchema } from './calendar-data';
import {
  DayNumber,
  dayNumberFromParts,
  isWeekend,
  partsFromDayNumber,
  toDayNumber,
  toIsoDate,
  weekdayOf,
} from './day-number';
import { RuleHoliday, ruleHolidays } from './holiday-rules';
import { LUNAR_SUPPORTED_YEARS } from './lunar-calendar';
import { OFFICIAL_NOTICES } from './official-notices';

export type NonWorkingKind = 'weekend' | 'holiday' | 'compensation' | 'swapped' | 'provincial';

export interface NonWorkingDay {
  readonly date: string;
  readonly reason: string;
  readonly kind: NonWorkingKind;
  /** Made by a default rule for a holiday whose days the Government sets yearly, with no notice loaded yet. */
  readonly provisional?: true;
  /** Notice or provincial decision the day comes from. */
  readonly source?: string;
}

export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
  /** The n-th working day after `from` (counting starts the day after); n = 0 returns `from`. n ≥ 0. */
  addWorkingDays(from: string, n: number): string;
  /** `from` moved by n calendar days (n may be negative). */
  addCalendarDays(from: string, n: number): string;
  /**
   * Working days in (a, b]: so workingDaysBetween(a, addWorkingDays(a, n)) === n. When b < a the result is
   * −workingDaysBetween(b, a), i.e. minus the working days in (b, a]; a negative figure reads "overdue by".
   */
  workingDaysBetween(a: string, b: string): number;
  /** Every day of `year` that is not worked, weekends included, sorted by date. */
  nonWorkingDays(year: number): NonWorkingDay[];
  /** True while the year's Tết or 2/9 adjacent day comes from the default rule, not from a notice. */
  isProvisional(year: number): boolean;
}

export interface CalendarOptions {
  /** Province code whose overrides apply; none means the national calendar. */
  readonly province?: string;
}

interface DayStatus {
  readonly off: boolean;
  readonly reason: string;
  readonly kind: NonWorkingKind | 'working-weekend';
  readonly provisional?: true;
  readonly source?: string;
}

interface YearTable {
  readonly days: ReadonlyMap<DayNumber, DayStatus>;
  readonly provisional: boolean;
}

const WEEKEND_NAMES = { 0: 'Chủ nhật', 6: 'Thứ Bảy' } as const;

function invalidData(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): DomainError {
  const details = error.issues
    .map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`)
    .join('; ');
  return new DomainError(
    'INVALID_CALENDAR_DATA',
    `invalid calendar data: ${details}`,
    `Dữ liệu lịch không hợp lệ: ${details}`,
  );
}

function assertCalendarYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_SUPPORTED_YEARS.from || year > LUNAR_SUPPORTED_YEARS.to) {
    throw new DomainError(
      'DATE_OUT_OF_RANGE',
      `year ${year} is outside the supported years ${LUNAR_SUPPORTED_YEARS.from}–${LUNAR_SUPPORTED_YEARS.to}`,
      `Năm ${year} nằm ngoài khoảng năm được hỗ trợ ${LUNAR_SUPPORTED_YEARS.from}–${LUNAR_SUPPORTED_YEARS.to}`,
    );
  }
}

function buildYear(year: number, data: CalendarData, province: string | undefined): YearTable {
  const days = new Map<DayNumber, DayStatus>();
  const notices = (data.notices ?? []).filter((notice) => notice.year === year);
  const covered = new Set(notices.flatMap((notice) => notice.covers));

  for (const notice of notices) {
    for (const dayOff of notice.daysOff) {
      days.set(toDayNumber(dayOff.date), {
        off: true,
        reason: dayOff.reason,
        kind: dayOff.type,
        source: notice.reference,
      });
    }
    for (const worked of notice.workingDays) {
      days.set(toDayNumber(worked.date), {
        off: false,
        reason: worked.reason,
        kind: 'working-weekend',
        source: notice.reference,
      });
    }
  }

  const byRule = ruleHolidays(year, data.annualHolidays).filter(
    (holiday) => !covered.has(holiday.holiday) && !days.has(holiday.day),
  );
  const provisional = (holiday: RuleHoliday): { provisional?: true } =>
    holiday.yearlyDecided ? { provisional: true } : {};
  for (const holiday of byRule) {
    days.set(holiday.day, { off: true, reason: holiday.reason, kind: 'holiday', ...provisional(holiday) });
  }
  // Art. 111(3): a holiday on a weekly rest day is taken on the next working day, after any other holiday.
  for (const holiday of byRule.filter((h) => isWeekend(h.day))) {
    let day = holiday.day + 1;
    while (isWeekend(day) ? days.get(day)?.off !== false : days.has(day)) day += 1;
    days.set(day, {
      off: true,
      reason: `Nghỉ bù ${holiday.reason}`,
      kind: 'compensation',
      ...provisional(holiday),
    });
  }

  for (const override of data.provincialOverrides.filter((o) => o.province === province)) {
    const day = toDayNumber(override.date);
    if (Number(override.date.slice(0, 4)) !== year) continue;
    days.set(day, {
      off: override.status === 'off',
      reason: override.reason,
      kind: override.status === 'off' ? 'provincial' : 'working-weekend',
      source: override.reference ?? `Quyết định của tỉnh ${override.province}`,
    });
  }

  return { days, provisional: !covered.has('tet') || !covered.has('national-day') };
}

/**
 * The working-day calendar. `data` fields left out take the national default: the seeded official
 * notices, no provincial overrides, no added holidays. Pass `notices: []` for the bare rules.
 */
export function createCalendar(data: CalendarDataInput = {}, options: CalendarOptions = {}): WorkingCalendar {
  const parsed = calendarDataSchema.safeParse({ ...data, notices: data.notices ?? OFFICIAL_NOTICES });
  if (!parsed.success) throw invalidData(parsed.error);
  const validData = parsed.data;
  const province = options.province;
  const years = new Map<number, YearTable>();

  function yearTable(year: number): YearTable {
    assertCalendarYear(year);
    let table = years.get(year);
    if (!table) {
      table = buildYear(year, validData, province);
      years.set(year, table);
    }
    return table;
  }

  function yearOfDay(day: DayNumber): number {
    return partsFromDayNumber(day).year;
  }

  function isWorking(day: DayNumber): boolean {
    const status = yearTable(yearOfDay(day)).days.get(day);
    return status ? !status.off : !isWeekend(day);
  }

  function countWorking(after: DayNumber, through: DayNumber): number {
    let count = 0;
    for (let day = after + 1; day <= through; day += 1) if (isWorking(day)) count += 1;
    return count;
  }

  function assertInteger(n: number, what: string, minimum?: number): void {
    if (!Number.isInteger(n) || (minimum !== undefined && n < minimum)) {
      const bound = minimum === undefined ? 'an integer' : `an integer ≥ ${minimum}`;
      const boundVi = minimum === undefined ? 'một số nguyên' : `một số nguyên ≥ ${minimum}`;
      throw new DomainError(
        'INVALID_DAY_COUNT',
        `${what} must be ${bound}, got ${n}`,
        `${what} phải là ${boundVi}, nhận được ${n}`,
      );
    }
  }

  return {
    isWorkingDay: (date) => isWorking(toDayNumber(date)),

    addWorkingDays(from, n) {
      assertInteger(n, 'n', 0);
      let day = toDayNumber(from, 'from');
      for (let found = 0; found < n;) {
        day += 1;
        if (isWorking(day)) found += 1;
      }
      return toIsoDate(day);
    },

    addCalendarDays(from, n) {
      assertInteger(n, 'n');
      const day = toDayNumber(from, 'from') + n;
      assertCalendarYear(yearOfDay(day));
      return toIsoDate(day);
    },

    workingDaysBetween(a, b) {
      const start = toDayNumber(a, 'a');
      const end = toDayNumber(b, 'b');
      // `0 -` rather than unary minus so that an empty span gives 0, never -0.
      return end >= start ? countWorking(start, end) : 0 - countWorking(end, start);
    },

    nonWorkingDays(year) {
      const table = yearTable(year);
      const result: NonWorkingDay[] = [];
      for (let day = dayNumberFromParts(year, 1, 1); day < dayNumberFromParts(year + 1, 1, 1); day += 1) {
        const status = table.days.get(day);
        if (status && !status.off) continue;
        if (status && status.kind !== 'working-weekend') {
          result.push({
            date: toIsoDate(day),
            reason: status.reason,
            kind: status.kind,
            ...(status.provisional ? { provisional: true as const } : {}),
            ...(status.source ? { source: status.source } : {}),
          });
        } else if (isWeekend(day)) {
          result.push({
            date: toIsoDate(day),
            reason: WEEKEND_NAMES[weekdayOf(day) as 0 | 6],
            kind: 'weekend',
          });
        }
      }
      return result;
    },

    isProvisional: (year) => yearTable(year).provisional,
  };
}
