/**
 * Durations on a working calendar, in one place for the due-date activities (activities/dossier/calendar.ts)
 * and the dossier workflow that computes from its calendar snapshot (workflows/dossier/legal-clock.ts).
 */
import type { WorkingCalendar } from './working-calendar';

export interface CalendarDuration {
  amount: number;
  unit: 'working_days' | 'calendar_days';
}

/** `from` + duration: the n-th working day after it, or n calendar days on. */
export function addDuration(calendar: WorkingCalendar, from: string, duration: CalendarDuration): string {
  return duration.unit === 'working_days'
    ? calendar.addWorkingDays(from, duration.amount)
    : calendar.addCalendarDays(from, duration.amount);
}

/** Counting back: the working day that is `amount` working days before `from` (or calendar days). */
export function subtractDuration(
  calendar: WorkingCalendar,
  from: string,
  duration: CalendarDuration,
): string {
  if (duration.unit === 'calendar_days') return calendar.addCalendarDays(from, -duration.amount);
  let day = from;
  for (let found = 0; found < duration.amount;) {
    day = calendar.addCalendarDays(day, -1);
    if (calendar.isWorkingDay(day)) found += 1;
  }
  return day;
}
