/**
 * The working calendar for admins: the stored entries, adding an official notice / provincial override /
 * annual holiday (validated by the domain's schemas, then checked against the data in force by
 * db/calendar.ts#addCalendarEntry), and a year's non-working days as the due-date computation sees them.
 * The JSON API (api/admin/calendar-routes.ts) and the calendar page (web/admin/calendar.ts) both call these.
 */
import { inTransactionOf } from '../../db/queryable';
import { audit, type Actor } from '../audit';
import {
  addCalendarEntry,
  listCalendarEntries,
  loadWorkingCalendar,
  type CalendarEntry,
  type CalendarEntryKind,
  type NewCalendarEntry,
} from '../../db/calendar';
import type { Queryable } from '../../db/queryable';
import type { NonWorkingDay, ProvincialOverride } from '../../domain/calendar';
import { callerScope } from '../auth/caller-scope';
import type { AppDeps } from '../deps';
import { forbidden, validationFailed } from '../errors';

export type { CalendarEntry, CalendarEntryKind, NewCalendarEntry } from '../../db/calendar';

export async function listCalendarEntriesOf(
  deps: AppDeps,
  kind?: CalendarEntryKind,
): Promise<CalendarEntry[]> {
  return listCalendarEntries(deps.pool, kind);
}

/**
 * Stores an entry as `caller`. A provincial override must be for a province in the caller's scope. Issues
 * found against the data in force come back as VALIDATION_FAILED with `body.<path>` paths. `db` lets a page
 * run it inside its idempotency-key transaction.
 */
export async function addCalendarEntryAs(
  deps: AppDeps,
  caller: Actor,
  entry: NewCalendarEntry,
  db: Queryable = deps.pool,
): Promise<CalendarEntry> {
  if (entry.kind === 'override') {
    const scope = await callerScope(deps, caller);
    if (!scope.canAccess(entry.payload.province)) {
      throw forbidden('Chỉ được khai báo ngày nghỉ, ngày làm bù cho tỉnh mình quản lý');
    }
  }
  return inTransactionOf(db, async (client) => {
    const result = await addCalendarEntry(client, entry, caller.username);
    if (!result.ok) {
      throw validationFailed(
        result.issues.map((issue) => ({
          path: ['body', issue.path].filter(Boolean).join('.'),
          message: issue.message,
        })),
      );
    }
    await audit(client, deps, caller, {
      action: 'calendar.add',
      target: { kind: 'calendar_entry', id: String(result.entry.id) },
      details: { kind: entry.kind },
    });
    return result.entry;
  });
}

export interface CalendarYear {
  year: number;
  province: string | null;
  /** Tết or the day beside 2/9 come from the default rule: no official notice loaded for the year yet. */
  provisional: boolean;
  nonWorkingDays: NonWorkingDay[];
}

/** The year's non-working days (weekends included), nationally or with one province's overrides. */
export async function calendarYear(deps: AppDeps, year: number, province?: string): Promise<CalendarYear> {
  const calendar = await loadWorkingCalendar(deps.pool, province ? { province } : {});
  return {
    year,
    province: province ?? null,
    provisional: calendar.isProvisional(year),
    nonWorkingDays: calendar.nonWorkingDays(year),
  };
}

/** The province's overrides stored for a year (days off and days worked), in the order they were added. */
export async function provincialOverridesOf(
  deps: AppDeps,
  province: string,
  year: number,
): Promise<ProvincialOverride[]> {
  const entries = await listCalendarEntries(deps.pool, 'override');
  const latest = new Map<string, ProvincialOverride>();
  for (const entry of entries) {
    if (entry.kind !== 'override') continue;
    const { payload } = entry;
    // A later override for the same date replaces the earlier one (db/calendar.ts merges them the same way).
    if (payload.province === province && payload.date.startsWith(`${year}-`))
      latest.set(payload.date, payload);
  }
  return [...latest.values()].sort((a, b) => a.date.localeCompare(b.date));
}
