/**
 * Report summaries (migration 860): the figures reports add up, per day, month and year span
 * (domain/reports/period-spans.ts), kept exactly consistent with the read model in two ways that must agree:
 *
 * - `applyToReportSummaries(client, event)`: called once per recorded dossier event, in the transaction that
 *   applies it to the read model (activities/dossier/record-event.ts), after the projection. It adds what the
 *   event changed: a dossier received or finished, a step completed (its working days stored on the task), a
 *   clock stop credited to its task, a decision or entitlement. Changes outside the event stream go through
 *   `changeEntitlement` (a new monthly amount after a base level is confirmed, an allowance stopped).
 * - `rebuildReportSummaries(db)`: recomputes everything from the read model, set-based (`npm run reports:rebuild`
 *   after a restore or a bug fix; the scale seed; the consistency test compares the two).
 *
 * The SQL fragments that decide what counts where (unit keys, a person, the days a decision assists) are
 * defined once below and used by both. A relocation's new entitlement counts at the commune moved to from its
 * first month, the old one until then (migration 912; db/README.md).
 */
import type { PoolClient } from 'pg';
import { loadWorkingCalendar } from './calendar';
import type { Queryable } from './queryable';
import type { WorkingCalendar } from '../domain/calendar';
import { toDayNumber, toIsoDate } from '../domain/calendar/day-number';

/** What the summaries need of a dossier event (workflows/dossier/types.ts DossierEvent fits it). */
export interface SummaryEvent {
  code: string;
  seq: number;
  type: string;
  taskId?: string;
  data?: unknown;
}

/** The units a dossier `d` counts under: the district only under the three-tier route. */
export const UNIT_KEYS_SQL = `d.province_code, CASE WHEN d.tier = 'three-tier' THEN d.district_code END AS district_code,
  d.commune_code`;
/** One person: the beneficiary's ID number, or the dossier when it has none. */
export const PERSON_KEY_SQL = `COALESCE(d.application #>> '{beneficiary,idNumber}', d.code)`;
/**
 * Whether a decision `dc` assists its person: not the decision of a termination or an adjustment (migration 890),
 * which changes an allowance someone already has; a relocation's decision does, with the entitlement it opens.
 */
export const ASSISTING_DECISION_SQL = `NOT EXISTS (SELECT 1 FROM entitlement_changes ec
  WHERE ec.dossier_code = dc.dossier_code AND ec.kind <> 'relocation')`;
/**
 * Where an aid counts (dossier `d`, its entitlement `e` if any): the dossier's units, except the entitlement a
 * relocation opens (`continues_from` set), which counts at the commune moved to, in that commune's province
 * (no district: it is decided after the two-tier reform). The relocation dossier itself is received at the old
 * commune; its SLA figures stay there (UNIT_KEYS_SQL).
 */
const provinceOfCommune = (
  commune: string,
) => `(SELECT CASE WHEN p.level = 'province' THEN p.code ELSE p.parent_code END
  FROM administrative_units c JOIN administrative_units p ON p.code = c.parent_code WHERE c.code = ${commune})`;
const RELOCATED = `e.continues_from IS NOT NULL`;
export const AID_UNIT_KEYS_SQL = `CASE WHEN ${RELOCATED} THEN COALESCE(${provinceOfCommune('e.commune_code')}, d.province_code)
    ELSE d.province_code END AS province_code,
  CASE WHEN d.tier = 'three-tier' AND NOT ${RELOCATED} THEN d.district_code END AS district_code,
  CASE WHEN ${RELOCATED} THEN e.commune_code ELSE d.commune_code END AS commune_code`;
/** The province an entitlement `code` counts in (as AID_UNIT_KEYS_SQL has it). */
const entitlementProvince = (code: string) => `(SELECT CASE WHEN x.continues_from IS NOT NULL
    THEN COALESCE(${provinceOfCommune('x.commune_code')}, xd.province_code) ELSE xd.province_code END
  FROM entitlements x JOIN dossiers xd ON xd.code = x.dossier_code WHERE x.dossier_code = ${code})`;
const firstDayOf = (month: string) => `to_date(${month} || '-01', 'YYYY-MM-DD')`;
/** The first day an aid counts: the day signed, or a relocated entitlement's first month paid at the new commune. */
export const AID_FROM_SQL = `CASE WHEN ${RELOCATED} THEN ${firstDayOf('e.start_month')} ELSE dc.signed_on END`;
/**
 * The first day of the entitlement that continues `e` after a relocation: the old commune pays the month of the
 * move, the new one from the month after (the decision's "thôi hưởng kể từ tháng …"), so no day is at neither
 * commune and none at both.
 */
const SUCCESSOR_FROM_SQL = `(SELECT ${firstDayOf('n.start_month')} FROM entitlements n
  WHERE n.continues_from = e.dossier_code AND n.start_month IS NOT NULL LIMIT 1)`;
/** The day a stopped entitlement `e` is no longer active: `ended_on`, or its successor's first day. */
const STOPPED_ON_SQL = `CASE WHEN e.ended_on IS NOT NULL THEN COALESCE(${SUCCESSOR_FROM_SQL}, e.ended_on) END`;
/** The last day it assisted its person: `ended_on`, or the day before its successor's first day. */
const LAST_ASSISTED_SQL = `COALESCE(${SUCCESSOR_FROM_SQL} - 1, e.ended_on)`;
/** Whether `e` is a relocation's new entitlement in the province of the one it continues. */
const MOVED_IN_SQL = `(${RELOCATED} AND ${entitlementProvince('e.continues_from')} = ${entitlementProvince('e.dossier_code')})`;
/** Whether `e` stopped because a relocation continues it in the same province. */
const MOVED_OUT_SQL = `(e.ended_on IS NOT NULL AND EXISTS (SELECT 1 FROM entitlements n
  WHERE n.continues_from = e.dossier_code AND ${entitlementProvince('n.dossier_code')} = ${entitlementProvince('e.dossier_code')}))`;
/** The days a decision `dc` assists its person: a one-off the day signed; a monthly allowance until it stops. */
export const ASSISTED_UNTIL_SQL = `CASE WHEN dc.kind = 'monthly'
  THEN CASE WHEN e.dossier_code IS NULL OR e.ended_on IS NULL THEN 'infinity'::date
            ELSE GREATEST(${AID_FROM_SQL}, ${LAST_ASSISTED_SQL}) END
  ELSE dc.signed_on END`;
/**
 * A monthly entitlement `e` with its decision `dc` and dossier `d`: where and under which clause it counts, at
 * which amount (`amountBase`: ENTITLED_AMOUNT_SQL's fallback), from which day to which, and whether it moved.
 */
const entitlementFigures = (amountBase: string, where: string) => `
  SELECT ${AID_UNIT_KEYS_SQL}, dc.clauses[1] AS clause, ${ENTITLED_AMOUNT_SQL(amountBase)} AS amount,
         ${AID_FROM_SQL} AS started_on, ${STOPPED_ON_SQL} AS stopped_on,
         ${MOVED_IN_SQL} AS moved_in, ${MOVED_OUT_SQL} AS moved_out
    FROM entitlements e JOIN decisions dc ON dc.dossier_code = e.dossier_code
    JOIN dossiers d ON d.code = e.dossier_code
   WHERE e.kind = 'monthly' AND ${where}`;
/**
 * Relocations within a province, one row per relocation dossier and procedure scope (NULL: all procedures; the
 * new dossier's procedure when the old dossier has the same): the person's last day at the old commune.
 */
const peopleMoves = (where: string) => `
  SELECT e.dossier_code, u.province_code, u.commune_code, s.procedure_id, ${firstDayOf('e.start_month')} - 1 AS last_day_before
    FROM entitlements e JOIN dossiers d ON d.code = e.dossier_code
    JOIN entitlements o ON o.dossier_code = e.continues_from JOIN dossiers od ON od.code = o.dossier_code
    CROSS JOIN LATERAL (SELECT ${AID_UNIT_KEYS_SQL}) u
    CROSS JOIN LATERAL (SELECT NULL::text UNION ALL SELECT d.procedure_id WHERE od.procedure_id = d.procedure_id)
      AS s(procedure_id)
   WHERE e.kind = 'monthly' AND ${MOVED_IN_SQL} AND o.ended_on IS NOT NULL AND ${where}`;
/**
 * The monthly amount an entitlement `e` is counted at: the amount in force in its last month (the latest
 * adjustment paid before it stopped, migration 890, the later decided winning on the same month as
 * domain/entitlement-months.ts#monthlyAmountFor has it), else `base` (the row's amount, which base levels move).
 */
const ENTITLED_AMOUNT_SQL = (base: string) => `COALESCE(
  (SELECT c.monthly_amount FROM entitlement_amount_changes c
    WHERE c.entitlement_code = e.dossier_code
      AND (e.ended_on IS NULL OR c.from_month <= to_char(e.ended_on, 'YYYY-MM'))
    ORDER BY c.from_month DESC, c.decided_on DESC, c.created_at DESC LIMIT 1),
  ${base}, 0)`;
/** The five spans a day belongs to (domain/reports/period-spans.ts). */
const spansOf = (day: string) =>
  `(VALUES ('D', ${day}::date), ('M', date_trunc('month', ${day})::date), ('Q', date_trunc('quarter', ${day})::date),
     ('H', make_date(extract(year FROM ${day})::int, CASE WHEN extract(month FROM ${day}) <= 6 THEN 1 ELSE 7 END, 1)),
     ('Y', date_trunc('year', ${day})::date))`;
/** Tasks whose durations the SLA report counts. */
const STEP_KINDS_SQL = `('step', 'intake_check')`;

interface SummaryTable {
  name: string;
  keys: readonly string[];
  /** Text kept beside the keys (the greatest seen, as `max` in the rebuild). */
  labels: readonly string[];
  counters: readonly string[];
}

const UNIT_KEY_COLUMNS = ['province_code', 'district_code', 'commune_code'] as const;

export const SUMMARY_TABLES = {
  dossiers: {
    name: 'report_dossier_counts',
    keys: [...UNIT_KEY_COLUMNS, 'procedure_id'],
    labels: ['procedure_title'],
    counters: [
      'received',
      'finished',
      'not_accepted',
      'completed',
      'refused',
      'early',
      'on_time',
      'late',
      'unclassified',
    ],
  },
  steps: {
    name: 'report_step_durations',
    keys: [...UNIT_KEY_COLUMNS, 'procedure_id', 'step_key'],
    labels: ['step_title'],
    counters: ['done', 'early', 'on_time', 'late'],
  },
  entitlements: {
    name: 'report_entitlement_counts',
    keys: [...UNIT_KEY_COLUMNS, 'clause'],
    labels: [],
    counters: ['started', 'started_amount', 'stopped', 'stopped_amount', 'moved_in', 'moved_out'],
  },
  oneOffAid: {
    name: 'report_one_off_aid',
    keys: [...UNIT_KEY_COLUMNS, 'procedure_id'],
    labels: ['procedure_title'],
    counters: ['decisions', 'one_off_amount', 'rice_kg'],
  },
  people: {
    name: 'report_people_counts',
    // procedure_id NULL: the person's islands over all procedures; a procedure: within that procedure only.
    keys: [...UNIT_KEY_COLUMNS, 'procedure_id'],
    labels: [],
    counters: ['starts', 'ends'],
  },
} as const satisfies Record<string, SummaryTable>;

type Values = Record<string, string | number | null>;

/**
 * Adds `counters` (negative to take away) to the rows of `table` under `keys` of every span `day` lies in;
 * with `histogram`, adds `done` steps to that many working days in the step histogram (a bucket back at zero
 * is removed, as the rebuild would never write it).
 */
async function bump(
  db: Queryable,
  table: SummaryTable,
  day: string,
  values: Values,
  histogram?: { workingDays: number },
): Promise<void> {
  const columns = [...table.keys, ...table.labels, ...table.counters];
  const params: unknown[] = columns.map(
    (column) => values[column] ?? (table.counters.includes(column) ? 0 : null),
  );
  const casts = columns.map((column, i) =>
    table.counters.includes(column) ? `$${i + 2}::numeric` : `$${i + 2}::text`,
  );
  const assignments = [
    ...table.counters.map((c) => `${c} = t.${c} + EXCLUDED.${c}`),
    ...table.labels.map((l) => `${l} = GREATEST(t.${l}, EXCLUDED.${l})`),
  ];
  if (histogram) {
    const key = `$${params.length + 2}::text`;
    const added = `(COALESCE((t.histogram ->> ${key})::int, 0) + EXCLUDED.done)`;
    params.push(String(histogram.workingDays));
    columns.push('histogram');
    casts.push(`jsonb_build_object(${key}, $${columns.indexOf('done') + 2}::int)`);
    assignments.push(
      `histogram = CASE WHEN ${added} = 0 THEN t.histogram - ${key}
                        ELSE t.histogram || jsonb_build_object(${key}, ${added}) END`,
    );
  }
  await db.query(
    `INSERT INTO ${table.name} AS t (span, day, ${columns.join(', ')})
     SELECT s.span, s.day, ${casts.join(', ')} FROM ${spansOf('$1::date')} AS s(span, day)
     ON CONFLICT (span, day, ${table.keys.join(', ')}) DO UPDATE SET ${assignments.join(', ')}`,
    [day, ...params],
  );
}

interface UnitKeyRow {
  province_code: string;
  district_code: string | null;
  commune_code: string;
}
const unitValues = (row: UnitKeyRow): Values => ({
  province_code: row.province_code,
  district_code: row.district_code,
  commune_code: row.commune_code,
});

const ON_TIME_COUNTERS: Record<string, string> = {
  'Trước hạn': 'early',
  'Đúng hạn': 'on_time',
  'Quá hạn': 'late',
};

/** The one entry point from the event stream: what `event` (already applied to the read model) adds. */
export async function applyToReportSummaries(client: PoolClient, event: SummaryEvent): Promise<void> {
  switch (event.type) {
    case 'dossier_received':
      return dossierReceived(client, event.code);
    case 'intake_refused':
    case 'dossier_completed':
    case 'dossier_refused':
    case 'dossier_withdrawn':
      return dossierFinished(client, event.code);
    case 'task_completed':
      if (event.taskId) await stepCompleted(client, event.taskId);
      return;
    case 'clock_resumed':
      return clockResumed(client, event);
    case 'decision_issued':
      await oneOffDecided(client, event.code);
      // An entitlement recorded before its decision counts from now (each pair counts once: whichever comes second).
      await entitlementContribution(client, event.code, 1, entitledAmount(event));
      return refreshAssistance(client, event.code);
    case 'entitlement_created':
      // At the amount the event recorded: a base level confirmed since the decision has already moved the row
      // to its new amount in the projection (applyConfirmedBaseLevelChanges → changeEntitlement), and that
      // change has already added the difference.
      await entitlementContribution(client, event.code, 1, entitledAmount(event));
      return refreshAssistance(client, event.code);
    default:
      return;
  }
}

async function dossierReceived(db: Queryable, code: string): Promise<void> {
  const { rows } = await db.query(
    `SELECT ${UNIT_KEYS_SQL}, d.procedure_id, d.procedure_title, d.received_on FROM dossiers d WHERE d.code = $1`,
    [code],
  );
  const row = rows[0];
  if (!row) return;
  await bump(db, SUMMARY_TABLES.dossiers, row.received_on, {
    ...unitValues(row),
    procedure_id: row.procedure_id,
    procedure_title: row.procedure_title,
    received: 1,
  });
}

async function dossierFinished(db: Queryable, code: string): Promise<void> {
  const { rows } = await db.query(
    `SELECT ${UNIT_KEYS_SQL}, d.procedure_id, d.procedure_title, d.finished_on, d.status, d.on_time_status
       FROM dossiers d WHERE d.code = $1 AND d.finished_on IS NOT NULL`,
    [code],
  );
  const row = rows[0];
  if (!row) return;
  const decided = row.status === 'completed' || row.status === 'refused';
  const values: Values = {
    ...unitValues(row),
    procedure_id: row.procedure_id,
    procedure_title: row.procedure_title,
    finished: 1,
  };
  if (row.status === 'intake_refused') values.not_accepted = 1;
  if (decided) {
    values[row.status as string] = 1;
    const counter =
      row.on_time_status === null ? 'unclassified' : ON_TIME_COUNTERS[row.on_time_status as string];
    if (counter) values[counter] = 1;
  }
  await bump(db, SUMMARY_TABLES.dossiers, row.finished_on, values);
}

/** Adds (sign 1) or takes away (-1) a completed step's place in the duration histogram. */
async function stepContribution(db: Queryable, taskId: string, sign: 1 | -1): Promise<void> {
  const { rows } = await db.query(
    `SELECT ${UNIT_KEYS_SQL}, d.procedure_id, t.step_key, t.title, t.completed_on, t.on_time_status, t.working_days
       FROM tasks t JOIN dossiers d ON d.code = t.dossier_code
      WHERE t.id = $1 AND t.status = 'done' AND t.kind IN ${STEP_KINDS_SQL} AND t.working_days IS NOT NULL`,
    [taskId],
  );
  const row = rows[0];
  if (!row) return;
  const values: Values = {
    ...unitValues(row),
    procedure_id: row.procedure_id,
    step_key: row.step_key,
    step_title: row.title,
    done: sign,
  };
  const status = ON_TIME_COUNTERS[row.on_time_status as string];
  if (status) values[status] = sign;
  await bump(db, SUMMARY_TABLES.steps, row.completed_on, values, { workingDays: row.working_days });
}

async function stepCompleted(client: PoolClient, taskId: string): Promise<void> {
  const { rows } = await client.query(
    `SELECT d.province_code, t.opened_on, t.completed_on FROM tasks t JOIN dossiers d ON d.code = t.dossier_code
      WHERE t.id = $1 AND t.status = 'done' AND t.kind IN ${STEP_KINDS_SQL}`,
    [taskId],
  );
  const row = rows[0];
  if (!row) return;
  const calendar = await loadWorkingCalendar(client, { province: row.province_code });
  await client.query(`UPDATE tasks SET elapsed_working_days = $2 WHERE id = $1`, [
    taskId,
    calendar.workingDaysBetween(row.opened_on, row.completed_on),
  ]);
  await stepContribution(client, taskId, 1);
}

/** The paused working days go to the task during which the documents were asked for (the last clock stop). */
async function clockResumed(client: PoolClient, event: SummaryEvent): Promise<void> {
  const paused = (event.data as { pausedWorkingDays?: number } | undefined)?.pausedWorkingDays ?? 0;
  const { rows } = await client.query(
    `SELECT task_id FROM dossier_events
      WHERE dossier_code = $1 AND type = 'clock_stopped' AND seq < $2 ORDER BY seq DESC LIMIT 1`,
    [event.code, event.seq],
  );
  const taskId = rows[0]?.task_id as string | null | undefined;
  if (!taskId || paused === 0) return;
  await stepContribution(client, taskId, -1);
  await client.query(`UPDATE tasks SET paused_working_days = paused_working_days + $2 WHERE id = $1`, [
    taskId,
    paused,
  ]);
  await stepContribution(client, taskId, 1);
}

async function oneOffDecided(db: Queryable, code: string): Promise<void> {
  const { rows } = await db.query(
    `SELECT ${UNIT_KEYS_SQL}, d.procedure_id, d.procedure_title, dc.signed_on, dc.one_off_amount,
            (dc.in_kind ->> 'riceKg')::numeric * (dc.in_kind ->> 'months')::numeric AS rice
       FROM decisions dc JOIN dossiers d ON d.code = dc.dossier_code
      WHERE dc.dossier_code = $1 AND dc.kind <> 'monthly'`,
    [code],
  );
  const row = rows[0];
  if (!row) return;
  await bump(db, SUMMARY_TABLES.oneOffAid, row.signed_on, {
    ...unitValues(row),
    procedure_id: row.procedure_id,
    procedure_title: row.procedure_title,
    decisions: 1,
    one_off_amount: row.one_off_amount ?? 0,
    rice_kg: row.rice ?? 0,
  });
}

/** The monthly amount an event recorded: entitlement_created's own, or its decision's (a relocation opens the
 * new entitlement with its decision, db/entitlement-changes.ts). */
const entitledAmount = (event: SummaryEvent): number => {
  const data = event.data as { monthlyAmount?: number; decision?: { monthlyAmount?: number } } | undefined;
  return data?.monthlyAmount ?? data?.decision?.monthlyAmount ?? 0;
};

/**
 * A monthly entitlement with its decision: started the day signed, stopped on `ended_on`, at its amount (an
 * adjustment's; else the row's, unless `amount` says which).
 */
async function entitlementContribution(
  db: Queryable,
  code: string,
  sign: 1 | -1,
  amount?: number,
): Promise<void> {
  const { rows } = await db.query(entitlementFigures('$2::bigint, e.monthly_amount', 'e.dossier_code = $1'), [
    code,
    amount ?? null,
  ]);
  const row = rows[0];
  if (!row) return;
  const signed = sign * Number(row.amount);
  const keys = { ...unitValues(row), clause: row.clause };
  await bump(db, SUMMARY_TABLES.entitlements, row.started_on, {
    ...keys,
    started: sign,
    started_amount: signed,
    moved_in: row.moved_in ? sign : 0,
  });
  if (row.stopped_on) {
    await bump(db, SUMMARY_TABLES.entitlements, row.stopped_on, {
      ...keys,
      stopped: sign,
      stopped_amount: signed,
      moved_out: row.moved_out ? sign : 0,
    });
  }
}

/**
 * Changes a dossier's entitlement outside the event stream (a new monthly amount, the day it stopped) and keeps
 * the summaries right: its figures are taken out, `change` runs, they are added back as they now are.
 */
export async function changeEntitlement(
  client: Queryable,
  code: string,
  change: () => Promise<void>,
): Promise<void> {
  await entitlementContribution(client, code, -1);
  await change();
  await entitlementContribution(client, code, 1);
  await refreshAssistance(client, code);
}

/** Records the legal date a monthly allowance stopped outside a change dossier (a change decision goes through `changeEntitlement` in db/entitlement-changes.ts). */
export async function recordEntitlementEnd(
  client: Queryable,
  code: string,
  endedOn: string,
  status: 'terminated' | 'suspended' = 'terminated',
): Promise<void> {
  await changeEntitlement(client, code, async () => {
    await client.query(`UPDATE entitlements SET status = $2, ended_on = $3 WHERE dossier_code = $1`, [
      code,
      status,
      endedOn,
    ]);
  });
}

// --- People assisted: a person's intervals merged into islands ---------------------------------------------

interface Interval {
  first: number;
  /** Infinity while a monthly allowance is paid. */
  last: number;
}
const dayOf = (date: string) => (date === 'infinity' ? Infinity : toDayNumber(date));

/** Disjoint islands, sorted; intervals that overlap or touch (one ends the day before the next) merge. */
export function islandsOf(intervals: readonly Interval[]): Interval[] {
  const islands: Interval[] = [];
  for (const interval of [...intervals].sort((a, b) => a.first - b.first || a.last - b.last)) {
    const current = islands[islands.length - 1];
    if (current && interval.first <= current.last + 1) current.last = Math.max(current.last, interval.last);
    else islands.push({ ...interval });
  }
  return islands;
}

async function islandContribution(
  db: Queryable,
  units: Values,
  islands: readonly Interval[],
  sign: 1 | -1,
): Promise<void> {
  for (const [i, island] of islands.entries()) {
    await bump(db, SUMMARY_TABLES.people, toIsoDate(island.first), { ...units, starts: sign });
    if (island.last !== Infinity) {
      await bump(db, SUMMARY_TABLES.people, toIsoDate(island.last), { ...units, ends: sign });
    }
    const next = islands[i + 1];
    if (next) {
      await db.query(
        `INSERT INTO report_people_gaps AS g (province_code, district_code, commune_code, procedure_id, prev_end,
           next_start, people)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (prev_end, next_start, province_code, district_code, commune_code, procedure_id)
         DO UPDATE SET people = g.people + EXCLUDED.people`,
        [
          units.province_code,
          units.district_code,
          units.commune_code,
          units.procedure_id ?? null,
          toIsoDate(island.last),
          toIsoDate(next.first),
          sign,
        ],
      );
    }
  }
}

/**
 * Re-derives the days the dossier's decision assists its person and moves the person's islands: those over all
 * procedures, and those within the dossier's procedure.
 */
async function refreshAssistance(db: Queryable, code: string): Promise<void> {
  const { rows: people } = await db.query(
    `SELECT ${AID_UNIT_KEYS_SQL}, ${PERSON_KEY_SQL} AS person_key, d.procedure_id
       FROM dossiers d LEFT JOIN entitlements e ON e.dossier_code = d.code WHERE d.code = $1`,
    [code],
  );
  const person = people[0];
  if (!person) return;
  const scopes: Values[] = [
    { ...unitValues(person), procedure_id: null },
    { ...unitValues(person), procedure_id: person.procedure_id },
  ];
  const intervalsOfPerson = async (scope: Values) =>
    (
      await db.query(
        `SELECT first_day, last_day FROM report_assistance_intervals
          WHERE commune_code = $3 AND person_key = $4 AND province_code = $1 AND district_code IS NOT DISTINCT FROM $2
            AND ($5::text IS NULL OR procedure_id = $5)`,
        [scope.province_code, scope.district_code, scope.commune_code, person.person_key, scope.procedure_id],
      )
    ).rows.map((row) => ({ first: dayOf(row.first_day), last: dayOf(row.last_day) }));
  const before = await Promise.all(scopes.map(async (scope) => islandsOf(await intervalsOfPerson(scope))));
  await db.query(`DELETE FROM report_assistance_intervals WHERE dossier_code = $1`, [code]);
  await db.query(
    `INSERT INTO report_assistance_intervals (dossier_code, province_code, district_code, commune_code, procedure_id,
       person_key, first_day, last_day)
     SELECT d.code, ${AID_UNIT_KEYS_SQL}, d.procedure_id, ${PERSON_KEY_SQL}, ${AID_FROM_SQL}, ${ASSISTED_UNTIL_SQL}
       FROM decisions dc JOIN dossiers d ON d.code = dc.dossier_code
       LEFT JOIN entitlements e ON e.dossier_code = dc.dossier_code
      WHERE dc.dossier_code = $1 AND ${ASSISTING_DECISION_SQL}`,
    [code],
  );
  await db.query(`DELETE FROM report_people_moves WHERE dossier_code = $1`, [code]);
  await db.query(
    `INSERT INTO report_people_moves (dossier_code, province_code, commune_code, procedure_id, last_day_before)
     ${peopleMoves('e.dossier_code = $1')}`,
    [code],
  );
  for (const [i, scope] of scopes.entries()) {
    const after = islandsOf(await intervalsOfPerson(scope));
    if (JSON.stringify(before[i]) === JSON.stringify(after)) continue;
    await islandContribution(db, scope, before[i]!, -1);
    await islandContribution(db, scope, after, 1);
  }
}

// --- Rebuild --------------------------------------------------------------------------------------------------

export interface RebuildOptions {
  /**
   * Recompute every completed step's working days with the calendar as it is now (after a calendar
   * correction). By default only steps without them (completed before they were stored) are computed.
   */
  recomputeWorkingDays?: boolean;
}

/** Recomputes every summary from the read model, in the caller's transaction (or its own statements). */
/** The rebuild writes day rows from the read model, then each longer span from the one below it. */
const DAY_SPAN = (day: string) => `(VALUES ('D', ${day}::date))`;
const ROLL_UPS = [
  { span: 'M', from: 'D', start: `date_trunc('month', day)::date` },
  { span: 'Q', from: 'M', start: `date_trunc('quarter', day)::date` },
  {
    span: 'H',
    from: 'Q',
    start: `make_date(extract(year FROM day)::int, CASE WHEN extract(month FROM day) <= 6 THEN 1 ELSE 7 END, 1)`,
  },
  { span: 'Y', from: 'H', start: `date_trunc('year', day)::date` },
] as const;

async function rollUpSpans(db: Queryable, table: SummaryTable, options: { histogram?: boolean } = {}) {
  const keys = table.keys.join(', ');
  for (const { span, from, start } of ROLL_UPS) {
    await db.query(
      `INSERT INTO ${table.name} (span, day, ${[...table.keys, ...table.labels, ...table.counters].join(', ')}
         ${options.histogram ? ', histogram' : ''})
       SELECT '${span}', ${start} AS start, ${[
         ...table.keys,
         ...table.labels.map((l) => `max(${l})`),
         ...table.counters.map((c) => `sum(${c})`),
       ].join(', ')}
         ${
           options.histogram
             ? `, (SELECT jsonb_object_agg(k, n) FROM (
                    SELECT k, sum(v::int) AS n FROM unnest(array_agg(histogram)) AS h, jsonb_each_text(h) AS e(k, v)
                     GROUP BY k) AS buckets)`
             : ''
         }
         FROM ${table.name} WHERE span = '${from}'
        GROUP BY start, ${keys}`,
    );
  }
}

export async function rebuildReportSummaries(db: Queryable, options: RebuildOptions = {}): Promise<void> {
  await rebuildTaskWorkingDays(db, options);
  await db.query(
    `TRUNCATE report_dossier_counts, report_step_durations, report_entitlement_counts, report_one_off_aid,
       report_assistance_intervals, report_people_counts, report_people_gaps, report_people_moves`,
  );
  // In the rebuild's transaction: a rebuild that fails leaves the request standing.
  await db.query('UPDATE report_summaries_state SET needs_rebuild = false');
  await db.query(
    `INSERT INTO report_dossier_counts (span, day, province_code, district_code, commune_code, procedure_id,
       procedure_title, received, finished, not_accepted, completed, refused, early, on_time, late, unclassified)
     WITH ev AS (
       SELECT ${UNIT_KEYS_SQL}, d.procedure_id, d.procedure_title, d.received_on AS day, 1 AS received,
              0 AS finished, NULL::text AS status, NULL::text AS on_time_status
         FROM dossiers d
       UNION ALL
       SELECT ${UNIT_KEYS_SQL}, d.procedure_id, d.procedure_title, d.finished_on, 0, 1, d.status, d.on_time_status
         FROM dossiers d WHERE d.finished_on IS NOT NULL)
     SELECT s.span, s.day, province_code, district_code, commune_code, procedure_id, max(procedure_title),
            sum(received), sum(finished),
            count(*) FILTER (WHERE status = 'intake_refused'),
            count(*) FILTER (WHERE status = 'completed'),
            count(*) FILTER (WHERE status = 'refused'),
            count(*) FILTER (WHERE status IN ('completed', 'refused') AND on_time_status = 'Trước hạn'),
            count(*) FILTER (WHERE status IN ('completed', 'refused') AND on_time_status = 'Đúng hạn'),
            count(*) FILTER (WHERE status IN ('completed', 'refused') AND on_time_status = 'Quá hạn'),
            count(*) FILTER (WHERE status IN ('completed', 'refused') AND on_time_status IS NULL)
       FROM ev CROSS JOIN LATERAL ${DAY_SPAN('ev.day')} AS s(span, day)
      GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  await rollUpSpans(db, SUMMARY_TABLES.dossiers);
  await db.query(
    `INSERT INTO report_step_durations (span, day, province_code, district_code, commune_code, procedure_id,
       step_key, step_title, done, early, on_time, late, histogram)
     WITH done AS (
       SELECT ${UNIT_KEYS_SQL}, d.procedure_id, t.step_key, t.working_days, t.title, t.completed_on,
              t.on_time_status
         FROM tasks t JOIN dossiers d ON d.code = t.dossier_code
        WHERE t.status = 'done' AND t.kind IN ${STEP_KINDS_SQL} AND t.working_days IS NOT NULL),
     buckets AS (
       SELECT s.span, s.day, province_code, district_code, commune_code, procedure_id, step_key, working_days,
              max(title) AS title, count(*) AS done,
              count(*) FILTER (WHERE on_time_status = 'Trước hạn') AS early,
              count(*) FILTER (WHERE on_time_status = 'Đúng hạn') AS on_time,
              count(*) FILTER (WHERE on_time_status = 'Quá hạn') AS late
         FROM done CROSS JOIN LATERAL ${DAY_SPAN('done.completed_on')} AS s(span, day)
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8)
     SELECT span, day, province_code, district_code, commune_code, procedure_id, step_key, max(title), sum(done),
            sum(early), sum(on_time), sum(late), jsonb_object_agg(working_days::text, done)
       FROM buckets GROUP BY 1, 2, 3, 4, 5, 6, 7`,
  );
  await rollUpSpans(db, SUMMARY_TABLES.steps, { histogram: true });
  await db.query(
    `INSERT INTO report_entitlement_counts (span, day, province_code, district_code, commune_code, clause, started,
       started_amount, stopped, stopped_amount, moved_in, moved_out)
     WITH e AS (${entitlementFigures('e.monthly_amount', 'true')}),
     ev AS (
       SELECT province_code, district_code, commune_code, clause, started_on AS day, 1 AS started,
              amount AS started_amount, 0 AS stopped, 0 AS stopped_amount, moved_in::int AS moved_in, 0 AS moved_out
         FROM e
       UNION ALL
       SELECT province_code, district_code, commune_code, clause, stopped_on, 0, 0, 1, amount, 0, moved_out::int
         FROM e WHERE stopped_on IS NOT NULL)
     SELECT s.span, s.day, province_code, district_code, commune_code, clause, sum(started), sum(started_amount),
            sum(stopped), sum(stopped_amount), sum(moved_in), sum(moved_out)
       FROM ev CROSS JOIN LATERAL ${DAY_SPAN('ev.day')} AS s(span, day)
      GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  await rollUpSpans(db, SUMMARY_TABLES.entitlements);
  await db.query(
    `INSERT INTO report_one_off_aid (span, day, province_code, district_code, commune_code, procedure_id,
       procedure_title, decisions, one_off_amount, rice_kg)
     WITH a AS (
       SELECT ${UNIT_KEYS_SQL}, d.procedure_id, d.procedure_title, dc.signed_on, dc.one_off_amount,
              (dc.in_kind ->> 'riceKg')::numeric * (dc.in_kind ->> 'months')::numeric AS rice
         FROM decisions dc JOIN dossiers d ON d.code = dc.dossier_code
        WHERE dc.kind <> 'monthly')
     SELECT s.span, s.day, province_code, district_code, commune_code, procedure_id, max(procedure_title),
            count(*), COALESCE(sum(one_off_amount), 0), COALESCE(sum(rice), 0)
       FROM a CROSS JOIN LATERAL ${DAY_SPAN('a.signed_on')} AS s(span, day)
      GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  await rollUpSpans(db, SUMMARY_TABLES.oneOffAid);
  await db.query(
    `INSERT INTO report_assistance_intervals (dossier_code, province_code, district_code, commune_code, procedure_id,
       person_key, first_day, last_day)
     SELECT d.code, ${AID_UNIT_KEYS_SQL}, d.procedure_id, ${PERSON_KEY_SQL}, ${AID_FROM_SQL}, ${ASSISTED_UNTIL_SQL}
       FROM decisions dc JOIN dossiers d ON d.code = dc.dossier_code
       LEFT JOIN entitlements e ON e.dossier_code = dc.dossier_code
      WHERE ${ASSISTING_DECISION_SQL}`,
  );
  await db.query(
    `INSERT INTO report_people_moves (dossier_code, province_code, commune_code, procedure_id, last_day_before)
     ${peopleMoves('true')}`,
  );
  // Islands: an interval starts a new one when it begins after the day following every earlier interval's end.
  // Each interval counts twice: over all procedures (procedure_id NULL) and within its own procedure.
  const person = `province_code, district_code, commune_code, procedure_id, person_key`;
  const islands = `
    WITH scoped AS (
      SELECT province_code, district_code, commune_code, NULL::text AS procedure_id, person_key, first_day, last_day
        FROM report_assistance_intervals
      UNION ALL
      SELECT province_code, district_code, commune_code, procedure_id, person_key, first_day, last_day
        FROM report_assistance_intervals),
    ordered AS (
      SELECT *, max(last_day) OVER (PARTITION BY ${person}
                                    ORDER BY first_day, last_day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                  AS reach
        FROM scoped),
    numbered AS (
      SELECT *, count(*) FILTER (WHERE reach IS NULL OR first_day > reach + 1)
                  OVER (PARTITION BY ${person} ORDER BY first_day, last_day ROWS UNBOUNDED PRECEDING) AS island
        FROM ordered),
    islands AS (
      SELECT ${person}, min(first_day) AS first_day, max(last_day) AS last_day
        FROM numbered GROUP BY ${person}, island)`;
  await db.query(
    `INSERT INTO report_people_counts (span, day, province_code, district_code, commune_code, procedure_id, starts,
       ends)
     ${islands},
     ev AS (
       SELECT province_code, district_code, commune_code, procedure_id, first_day AS day, 1 AS starts, 0 AS ends
         FROM islands
       UNION ALL
       SELECT province_code, district_code, commune_code, procedure_id, last_day, 0, 1 FROM islands
        WHERE last_day <> 'infinity')
     SELECT s.span, s.day, province_code, district_code, commune_code, procedure_id, sum(starts), sum(ends)
       FROM ev CROSS JOIN LATERAL ${DAY_SPAN('ev.day')} AS s(span, day)
      GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  await rollUpSpans(db, SUMMARY_TABLES.people);
  await db.query(
    `INSERT INTO report_people_gaps (province_code, district_code, commune_code, procedure_id, prev_end, next_start,
       people)
     ${islands},
     gaps AS (
       SELECT province_code, district_code, commune_code, procedure_id,
              lag(last_day) OVER (PARTITION BY ${person} ORDER BY first_day) AS prev_end,
              first_day AS next_start
         FROM islands)
     SELECT province_code, district_code, commune_code, procedure_id, prev_end, next_start, count(*)
       FROM gaps WHERE prev_end IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6`,
  );
}

/** Every table the rebuild writes, and those it reads, locked in the order event recording writes them. */
const REBUILD_LOCKS = `LOCK TABLE dossier_events, dossiers, tasks, decisions, entitlements, report_dossier_counts,
  report_step_durations, report_entitlement_counts, report_one_off_aid, report_assistance_intervals,
  report_people_counts, report_people_gaps, report_people_moves, report_summaries_state IN EXCLUSIVE MODE`;

/**
 * Locks what the rebuild reads and writes, in the caller's transaction: events being recorded finish first,
 * those that follow wait for the rebuild, so none is counted twice or missed; the tables are locked in the order
 * recording writes them, so the two cannot deadlock.
 */
export async function lockForRebuild(client: PoolClient): Promise<void> {
  await client.query(REBUILD_LOCKS);
}

/**
 * A migration asked for a rebuild (report_summaries_state, migration 923), or the summaries are empty while
 * dossiers exist (every dossier adds a row to report_dossier_counts when received).
 */
const SUMMARIES_MISSING = `SELECT coalesce((SELECT needs_rebuild FROM report_summaries_state), false)
    OR (EXISTS (SELECT 1 FROM dossiers) AND NOT EXISTS (SELECT 1 FROM report_dossier_counts)) AS missing`;

/** How long a start waits for the tables' lock before it says another process is rebuilding. */
const SAY_WAITING_AFTER_MS = 2_000;

/**
 * Rebuilds the summaries when a database holds dossiers but no summaries: one migrated from before them
 * (migration 860 creates them empty, since the working days need the calendar, which SQL does not have), or a
 * migration that emptied them because what they hold changed. Run after the migrations (db/migrate.ts), so
 * every process that migrates heals the database and none of them ever reads empty summaries as zeros. A
 * quick look first: the tables are locked only when there is something to do, and the look is repeated under
 * the lock, so two processes starting together rebuild once. `starting` is told before a rebuild (minutes at
 * province scale). True when it rebuilt.
 */
export async function healReportSummaries(
  client: PoolClient,
  starting: () => void = () => {},
  waiting: () => void = () => {},
): Promise<boolean> {
  if (!(await client.query(SUMMARIES_MISSING)).rows[0].missing) return false;
  await client.query('BEGIN');
  try {
    // Another process starting beside this one may be rebuilding (minutes): wait for it, and say so.
    const waitingTimer = setTimeout(waiting, SAY_WAITING_AFTER_MS);
    try {
      await lockForRebuild(client);
    } finally {
      clearTimeout(waitingTimer);
    }
    const missing = (await client.query(SUMMARIES_MISSING)).rows[0].missing as boolean;
    if (missing) {
      starting();
      await rebuildReportSummaries(client);
    }
    await client.query('COMMIT');
    return missing;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** Clock stops credited to their tasks, and the working days of completed steps. */
async function rebuildTaskWorkingDays(db: Queryable, options: RebuildOptions): Promise<void> {
  // Only rows whose figure differs are written: a rebuild of a province that is right rewrites nothing.
  const pauses = `pauses AS (
       SELECT stop.task_id, sum((resume.data ->> 'pausedWorkingDays')::int) AS paused
         FROM dossier_events resume
         JOIN LATERAL (
           SELECT s.task_id FROM dossier_events s
            WHERE s.dossier_code = resume.dossier_code AND s.type = 'clock_stopped' AND s.seq < resume.seq
            ORDER BY s.seq DESC LIMIT 1) stop ON true
        WHERE resume.type = 'clock_resumed' AND stop.task_id IS NOT NULL
        GROUP BY stop.task_id)`;
  await db.query(
    `WITH ${pauses}
     UPDATE tasks t SET paused_working_days = 0
      WHERE t.paused_working_days <> 0 AND NOT EXISTS (SELECT 1 FROM pauses p WHERE p.task_id = t.id AND p.paused <> 0)`,
  );
  await db.query(
    `WITH ${pauses}
     UPDATE tasks t SET paused_working_days = p.paused FROM pauses p
      WHERE t.id = p.task_id AND t.paused_working_days <> p.paused`,
  );
  const onlyMissing = options.recomputeWorkingDays ? '' : 'AND t.elapsed_working_days IS NULL';
  // Few distinct (province, opened, completed) triples even for millions of steps: the calendar runs once each.
  const { rows } = await db.query(
    `SELECT DISTINCT d.province_code, t.opened_on, t.completed_on
       FROM tasks t JOIN dossiers d ON d.code = t.dossier_code
      WHERE t.status = 'done' AND t.kind IN ${STEP_KINDS_SQL} AND t.completed_on IS NOT NULL ${onlyMissing}`,
  );
  if (rows.length === 0) return;
  const calendars = new Map<string, WorkingCalendar>();
  const provinces: string[] = [];
  const opened: string[] = [];
  const completed: string[] = [];
  const days: number[] = [];
  for (const row of rows) {
    let calendar = calendars.get(row.province_code);
    if (!calendar) {
      calendar = await loadWorkingCalendar(db, { province: row.province_code });
      calendars.set(row.province_code, calendar);
    }
    provinces.push(row.province_code);
    opened.push(row.opened_on);
    completed.push(row.completed_on);
    days.push(calendar.workingDaysBetween(row.opened_on, row.completed_on));
  }
  await db.query(
    `UPDATE tasks t SET elapsed_working_days = v.days
       FROM unnest($1::text[], $2::date[], $3::date[], $4::int[]) AS v(province_code, opened_on, completed_on, days),
            dossiers d
      WHERE d.code = t.dossier_code AND d.province_code = v.province_code AND t.opened_on = v.opened_on
        AND t.completed_on = v.completed_on AND t.status = 'done' AND t.kind IN ${STEP_KINDS_SQL}
        AND t.elapsed_working_days IS DISTINCT FROM v.days`,
    [provinces, opened, completed, days],
  );
}
