/**
 * A citizen's tracking look-up in one statement (issue 17): the dossier, whether the client address failed
 * a second factor lately (app/dossiers/second-factor.ts), and what the public timeline shows — its tasks,
 * events, due-date changes, its documents' kinds, the commune's name and the calendar's version. Seven statements before, each a
 * pool client and a round trip (bench/README.md: EXPLAIN ANALYZE of each took well under a millisecond, so
 * their count, not their plans, set the cost). The lists come back as json_agg of the same SELECTs the
 * one-list readers run, mapped by the same functions.
 */
import { CALENDAR_VERSION_SQL } from './calendar';
import {
  SELECT_DOSSIER_EVENTS,
  SELECT_DUE_DATE_CHANGES,
  toDossier,
  toDossierEvent,
  toDueDateChange,
  type DossierEventRecord,
  type DossierEventRow,
  type DossierRecord,
  type DossierRow,
  type DueDateChangeRecord,
  type DueDateChangeRow,
} from './dossier-views';
import type { Queryable } from './queryable';
import { SELECT_TASKS, TASKS_OF_DOSSIER, toTask, type TaskRecord, type TaskRow } from './tasks';
import { ADDRESS_FAILED_SINCE_SQL } from './tracking-failures';

export interface TrackingRead {
  /** The address has a wrong factor since `since`: the look-up must go through the throttle. */
  failedBefore: boolean;
  dossier?: DossierRecord;
  tasks: TaskRecord[];
  events: DossierEventRecord[];
  dueDateChanges: DueDateChangeRecord[];
  communeName?: string;
  /** Each stored document's template kind by its id: the citizen sees a decision under its own title. */
  documentKinds: Record<string, string>;
  /** For loadWorkingCalendar, which then asks nothing while its built calendar is of this version. */
  calendarVersion: string;
}

// json_agg keeps the order of the sorted subquery it reads (a plain scan of it; Postgres documents this as
// what usually happens rather than a guarantee): events and due-date changes are sorted again below by their
// keys; tasks (ordered by when they were opened, a column the list does not carry) rely on it.
const asList = (select: string) => `(SELECT coalesce(json_agg(l), '[]') FROM (${select}) l)`;

const TRACKING_READ = `
  SELECT ${ADDRESS_FAILED_SINCE_SQL('$2', '$3')} AS failed_before,
         (${CALENDAR_VERSION_SQL}) AS calendar_version,
         d.*,
         (SELECT name FROM administrative_units WHERE code = d.commune_code) AS commune_name,
         ${asList(`${SELECT_TASKS} WHERE ${TASKS_OF_DOSSIER}`)} AS tracked_tasks,
         ${asList(SELECT_DOSSIER_EVENTS)} AS tracked_events,
         ${asList(SELECT_DUE_DATE_CHANGES)} AS tracked_due_date_changes,
         (SELECT coalesce(json_object_agg(id, kind), '{}') FROM documents WHERE dossier_code = d.code)
           AS document_kinds
    FROM (SELECT 1) AS one
    LEFT JOIN dossiers d ON d.code = $1`;

type TrackingRow = DossierRow & {
  failed_before: boolean;
  calendar_version: string;
  commune_name: string | null;
  tracked_tasks: TaskRow[];
  tracked_events: DossierEventRow[];
  tracked_due_date_changes: DueDateChangeRow[];
  document_kinds: Record<string, string>;
};

export async function readTracking(
  db: Queryable,
  code: string,
  clientIp: string,
  since: Date,
): Promise<TrackingRead> {
  const { rows } = await db.query<TrackingRow>(TRACKING_READ, [code, clientIp, since]);
  const row = rows[0]!;
  return {
    failedBefore: row.failed_before,
    ...(row.code ? { dossier: toDossier(row) } : {}),
    tasks: row.tracked_tasks.map(toTask),
    events: row.tracked_events.map(toDossierEvent).sort((a, b) => a.seq - b.seq),
    dueDateChanges: row.tracked_due_date_changes
      .map(toDueDateChange)
      .sort((a, b) => a.seq - b.seq || a.target.localeCompare(b.target)),
    ...(row.commune_name ? { communeName: row.commune_name } : {}),
    documentKinds: row.document_kinds,
    calendarVersion: row.calendar_version,
  };
}
