/**
 * Working-calendar data stored by admins (calendar_entries) layered over the seeded official notices. The
 * dossier workflow's due-date activity calls `loadWorkingCalendar` so deadlines follow the latest data.
 *
 * How stored entries combine with what came before them (entries apply in the order they were added):
 * - a notice replaces every earlier notice (seeded or stored) of the same year that covers one of its
 *   holidays — e.g. a stored Tết 2026 notice replaces the seeded one;
 * - a provincial override replaces an earlier one for the same province and date;
 * - an annual holiday replaces an earlier one with the same id.
 */
import { createHash } from 'node:crypto';
import {
  calendarDataSchema,
  createCalendar,
  OFFICIAL_NOTICES,
  type AnnualHoliday,
  type CalendarDataInput,
  type OfficialNotice,
  type OfficialNoticeInput,
  type ProvincialOverride,
  type WorkingCalendar,
} from '../domain/calendar';
import { inTransactionOf, type Queryable } from './queryable';

export type CalendarEntry =
  | { id: number; kind: 'notice'; payload: OfficialNotice; createdAt: string; createdBy: string | null }
  | { id: number; kind: 'override'; payload: ProvincialOverride; createdAt: string; createdBy: string | null }
  | {
      id: number;
      kind: 'annual_holiday';
      payload: AnnualHoliday;
      createdAt: string;
      createdBy: string | null;
    };
export type CalendarEntryKind = CalendarEntry['kind'];
export type NewCalendarEntry =
  | { kind: 'notice'; payload: OfficialNotice }
  | { kind: 'override'; payload: ProvincialOverride }
  | { kind: 'annual_holiday'; payload: AnnualHoliday };

interface EntryRow {
  id: number;
  kind: CalendarEntryKind;
  payload: never;
  created_at: Date;
  created_by: string | null;
}

function fromRow(row: EntryRow): CalendarEntry {
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}

export async function listCalendarEntries(db: Queryable, kind?: CalendarEntryKind): Promise<CalendarEntry[]> {
  const { rows } = await db.query<EntryRow>(
    'SELECT * FROM calendar_entries WHERE ($1::text IS NULL OR kind = $1) ORDER BY id',
    [kind ?? null],
  );
  return rows.map(fromRow);
}

function sharesHoliday(
  a: { year: number; covers: readonly string[] },
  b: { year: number; covers: readonly string[] },
) {
  return a.year === b.year && a.covers.some((id) => b.covers.includes(id));
}

/** The notices a new notice would replace (same year, a holiday in common), seeded or stored. */
export function noticesReplacedBy(
  notice: { year: number; covers: readonly string[] },
  existing: readonly OfficialNoticeInput[],
): OfficialNoticeInput[] {
  return existing.filter((candidate) => sharesHoliday(candidate, notice));
}

/** Seeded notices plus stored entries, merged by the rules at the top of this file (pure). */
export function mergeCalendarData(
  seededNotices: readonly OfficialNoticeInput[],
  entries: readonly NewCalendarEntry[],
): CalendarDataInput {
  let notices: OfficialNoticeInput[] = [...seededNotices];
  const overrides = new Map<string, ProvincialOverride>();
  const holidays = new Map<string, AnnualHoliday>();
  for (const entry of entries) {
    if (entry.kind === 'notice') {
      notices = [...notices.filter((notice) => !sharesHoliday(notice, entry.payload)), entry.payload];
    } else if (entry.kind === 'override') {
      const key = `${entry.payload.province} ${entry.payload.date}`;
      overrides.delete(key); // re-insert so the map keeps the order entries were added in
      overrides.set(key, entry.payload);
    } else {
      holidays.delete(entry.payload.id);
      holidays.set(entry.payload.id, entry.payload);
    }
  }
  return { notices, provincialOverrides: [...overrides.values()], annualHolidays: [...holidays.values()] };
}

/** The calendar data in force: seeded notices merged with every stored entry. */
export async function loadCalendarData(db: Queryable): Promise<CalendarDataInput> {
  return mergeCalendarData(OFFICIAL_NOTICES, await listCalendarEntries(db));
}

/**
 * Calendars built, per database handle (a pool or a client: each reaches one database) and per province, for
 * one version of the stored entries. Entries are only ever added (addCalendarEntry), so their count and
 * highest id name a version; an admin's new entry changes it and the next look-up builds afresh. Saves
 * reading every entry and rebuilding the calendar (lunar holidays included) on each tracking page, inbox
 * and due-date activity.
 */
const builtCalendars = new WeakMap<object, { version: string; calendars: Map<string, WorkingCalendar> }>();

/**
 * What the seeded notices are, in a few characters: they ship with the code, so a release that adds or
 * corrects one is a new calendar even though no entry was stored (running dossiers take it at their next
 * step: activities/dossier/calendar.ts).
 */
export function noticesDigest(notices: readonly OfficialNoticeInput[]): string {
  return createHash('sha256').update(JSON.stringify(notices)).digest('hex').slice(0, 12);
}

/**
 * The SQL of the calendar's version — the seeded notices' digest, then the stored entries' count and highest
 * id: a scalar subquery, so a caller's query may carry it along.
 */
export const CALENDAR_VERSION_SQL = `SELECT '${noticesDigest(OFFICIAL_NOTICES)}:' || count(*) || ':' || coalesce(max(id), 0)
  FROM calendar_entries`;

export async function calendarVersion(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ version: string }>(`SELECT (${CALENDAR_VERSION_SQL}) AS version`);
  return rows[0]!.version;
}

/** The working-day calendar (national, or with one province's overrides) built from the stored data. */
export async function loadWorkingCalendar(
  db: Queryable,
  options: {
    province?: string;
    /** Read by the caller's own query (CALENDAR_VERSION_SQL). */ version?: string;
  } = {},
): Promise<WorkingCalendar> {
  const version = options.version ?? (await calendarVersion(db));
  let built = builtCalendars.get(db);
  if (!built || built.version !== version) {
    built = { version, calendars: new Map() };
    builtCalendars.set(db, built);
  }
  const key = options.province ?? '';
  const cached = built.calendars.get(key);
  if (cached) return cached;
  const data = await loadCalendarData(db);
  // Another look-up may have built it meanwhile, or an entry been added (then this one is built on newer data
  // than `version` says: the next look-up sees the new version and builds again).
  const calendar = createCalendar(data, options.province ? { province: options.province } : {});
  built.calendars.set(key, calendar);
  return calendar;
}

export type CalendarIssue = { path: string; message: string };

/**
 * Checks that the data stays consistent with `entry` added (no day declared twice, no unknown holiday,
 * a notice replacing only notices whose holidays it covers too) and stores it. Adds are serialised by an
 * advisory lock so two admins cannot each pass the check and together break it.
 */
export async function addCalendarEntry(
  db: Queryable,
  entry: NewCalendarEntry,
  createdBy: string,
): Promise<{ ok: true; entry: CalendarEntry } | { ok: false; issues: CalendarIssue[] }> {
  return inTransactionOf(db, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('calendar_entries', 0))");
    const stored = await listCalendarEntries(client);
    const issues: CalendarIssue[] = [];
    if (entry.kind === 'notice') {
      const current = mergeCalendarData(OFFICIAL_NOTICES, stored).notices ?? [];
      for (const replaced of noticesReplacedBy(entry.payload, current)) {
        const dropped = replaced.covers.filter((id) => !entry.payload.covers.includes(id));
        if (dropped.length > 0) {
          issues.push({
            path: 'covers',
            message: `Thông báo "${replaced.reference}" cũng quy định ${dropped.join(', ')}: thông báo mới phải quy định cả các ngày lễ này`,
          });
        }
      }
    }
    const merged = mergeCalendarData(OFFICIAL_NOTICES, [...stored, entry]);
    const parsed = calendarDataSchema.safeParse(merged);
    if (!parsed.success) {
      issues.push(
        ...parsed.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.'),
          message: issue.message,
        })),
      );
    }
    if (issues.length > 0) return { ok: false, issues };
    const { rows } = await client.query<EntryRow>(
      'INSERT INTO calendar_entries (kind, payload, created_by) VALUES ($1, $2, $3) RETURNING *',
      [entry.kind, JSON.stringify(entry.payload), createdBy],
    );
    return { ok: true, entry: fromRow(rows[0] as EntryRow) };
  });
}
