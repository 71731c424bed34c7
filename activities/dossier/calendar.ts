/**
 * Due-date arithmetic on the working calendar as it stands when the activity runs, so an admin's calendar
 * update (a new official notice, a provincial override) applies to deadlines computed after it. The dates
 * themselves come from the workflow (its own clock), never from this process's wall clock.
 *
 * Dossiers started since the calendar snapshot (workflows/dossier/legal-clock.ts) take it at intake and again
 * at each step's start (`retakeCalendar`, or `snapshotCalendar` once in dossiers started before that) and
 * compute their dates from it; the other three serve dossiers started before the snapshot.
 */
import type { Pool } from 'pg';
import { calendarVersion, loadCalendarData, loadWorkingCalendar } from '../../db/calendar';
import {
  addDuration,
  subtractDuration,
  type CalendarDataInput,
  type WorkingCalendar,
} from '../../domain/calendar';
import type { Duration } from '../../domain/procedures';

/** With only the province's own overrides (the rest is not its). */
function provinceData(data: CalendarDataInput, provinceCode: string): CalendarDataInput {
  return {
    ...data,
    provincialOverrides: (data.provincialOverrides ?? []).filter(
      (override) => override.province === provinceCode,
    ),
  };
}

export function createCalendarActivities(pool: Pool) {
  const calendarFor = (provinceCode: string): Promise<WorkingCalendar> =>
    loadWorkingCalendar(pool, { province: provinceCode });

  return {
    /** The calendar data in force now, with only the province's own overrides (the rest is not its). */
    async snapshotCalendar(input: { provinceCode: string }): Promise<CalendarDataInput> {
      return provinceData(await loadCalendarData(pool), input.provinceCode);
    },

    /**
     * At each step's start (legal-clock.ts#retakeCalendar): the data only when the version moved. Read after
     * the version, the data may be newer than it says; the next step then receives it again — never older.
     */
    async retakeCalendar(input: {
      provinceCode: string;
      knownVersion?: string;
    }): Promise<{ version: string; data?: CalendarDataInput }> {
      const version = await calendarVersion(pool);
      if (version === input.knownVersion) return { version };
      return { version, data: provinceData(await loadCalendarData(pool), input.provinceCode) };
    },

    async addDuration(input: { from: string; duration: Duration; provinceCode: string }): Promise<string> {
      return addDuration(await calendarFor(input.provinceCode), input.from, input.duration);
    },

    /** Counting back: the working day that is `amount` working days before `from` (or calendar days). */
    async subtractDuration(input: {
      from: string;
      duration: Duration;
      provinceCode: string;
    }): Promise<string> {
      return subtractDuration(await calendarFor(input.provinceCode), input.from, input.duration);
    },

    async workingDaysBetween(input: { from: string; to: string; provinceCode: string }): Promise<number> {
      return (await calendarFor(input.provinceCode)).workingDaysBetween(input.from, input.to);
    },
  };
}
