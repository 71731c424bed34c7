/**
 * A period of days cut into whole years, half-years, quarters, months and single days, the spans report
 * summaries are kept in (db/report-summaries.ts), always taking the longest span that starts on the day and
 * ends within the period: 15/03/2050–20/07/2054 is days 15–31/03/2050, the quarter 04–06/2050, the half-year
 * 07–12/2050, years 2051–2053, the half-year 01–06/2054, days 01–20/07/2054. Every day of the period lies in
 * exactly one span, so a sum over the spans is the sum over the days; a period of whole months reads at most a
 * dozen spans however long it is. Pure: dates are 'YYYY-MM-DD' strings.
 */
import { dayNumberFromParts, partsFromDayNumber, toDayNumber, toIsoDate } from '../calendar/day-number';

export type SpanKind = 'D' | 'M' | 'Q' | 'H' | 'Y';

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
    const start = (span: SpanKind, months: number) => {
      const first = month - 1;
      const aligned = dayOfMonth === 1 && first % months === 0;
      const end = dayNumberFromParts(
        year + Math.floor((first + months) / 12),
        ((first + months) % 12) + 1,
        1,
      );
      return aligned && end - 1 <= last ? { span, end } : undefined;
    };
    const taken = start('Y', 12) ?? start('H', 6) ?? start('Q', 3) ?? start('M', 1);
    if (taken) {
      push(taken.span, day);
      day = taken.end;
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
