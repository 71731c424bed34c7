/**
 * Due-date arithmetic on the working calendar as it stands when the activity runs, so an admin's calendar
 * update (a new official notice, a provincial override) applies to deadlines computed after it. The dates
 * themselves come from the workflow (its own clock), never from this process's wall clock.
 */
import type { Pool } from 'pg';
import { loadWorkingCalendar } from '../../db/calendar';
import type { WorkingCalendar } from '../../domain/calendar';
import type { Duration } from '../../domain/procedures';

export function createCalendarActivities(pool: Pool) {
  const calendarFor = (provinceCode: string): Promise<WorkingCalendar> =>
    loadWorkingCalendar(pool, { province: provinceCode });

  return {
    async addDuration(input: { from: string; duration: Duration; provinceCode: string }): Promise<string> {
      const calendar = await calendarFor(input.provinceCode);
      const { amount, unit } = input.duration;
      return unit === 'working_days'
        ? calendar.addWorkingDays(input.from, amount)
        : calendar.addCalendarDays(input.from, amount);
    },

    /** Counting back: the working day that is `amount` working days before `from` (or calendar days). */
    async subtractDuration(input: {
      from: string;
      duration: Duration;
      provinceCode: string;
    }): Promise<string> {
      const calendar = await calendarFor(input.provinceCode);
      const { amount, unit } = input.duration;
      if (unit === 'calendar_days') return calendar.addCalendarDays(input.from, -amount);
      let day = input.from;
      for (let found = 0; found < amount;) {
        day = calendar.addCalendarDays(day, -1);
        if (calendar.isWorkingDay(day)) found += 1;
      }
      return day;
    },

    async workingDaysBetween(input: { from: string; to: string; provinceCode: string }): Promise<number> {
      return (await calendarFor(input.provinceCode)).workingDaysBetween(input.from, input.to);
    },
  };
}
