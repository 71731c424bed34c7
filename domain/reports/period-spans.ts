/**
 * A period of days cut into whole years, whole months and single days, the spans report summaries are kept
 * in (db/report-summaries.ts): 15/03/2050–20/07/2054 is days 15–31/03/2050, months 04–12/2050, years
 * 2051–2053, months 01–06/2054, days 01–20/07/2054. Every day of the period lies in exactly one span, so a sum
 * over the spans is the sum over the days, and a five-year period reads about 70 spans instead of 1,800 days.
 * Pure: dates are 'YYYY-MM-DD' strings.
 */
import { dayNumberFromParts, partsFromDayNumber, toDayNumber, toIsoDate } from '../calendar/day-number';

export type SpanKind = 'D' | 'M' | 'Y';

/** Spans of one kind whose first days run from `from` to `to` (both first days of spans of that kind). */
export interface SpanRange {
  span: SpanKind;
  from: string;
  to: string;
}

/** The earliest day summaries can hold; cumulative figures ("active at the end") sum from here. */
export const SUMMARY_EPOCH = '2000-01-01';

export function periodSpans(from: string, to: string): SpanRange[] {
  const last = toDayNumber(to);
  const ranges: SpanRange[] = [];
  const push = (span: SpanKind, start: number) => {
    const previous = ranges[ranges.length - 1];
    if (previous && previous.span === span) previous.to = toIsoDate(start);
    else ranges.push({ span, from: toIsoDate(start), to: toIsoDate(start) });
  };
  let day = toDayNumber(from);
  while (day <= last) {
    const { year, month, day: dayOfMonth } = partsFromDayNumber(day);
    const nextYear = dayNumberFromParts(year + 1, 1, 1);
    const nextMonth = month === 12 ? nextYear : dayNumberFromParts(year, month + 1, 1);
    if (month === 1 && dayOfMonth === 1 && nextYear - 1 <= last) {
      push('Y', day);
      day = nextYear;
    } else if (dayOfMonth === 1 && nextMonth - 1 <= last) {
      push('M', day);
      day = nextMonth;
    } else {
      push('D', day);
      day += 1;
    }
  }
  return ranges;
}

/** The day before `date`. */
export function dayBefore(date: string): string {
  return toIsoDate(toDayNumber(date) - 1);
}
