/**
 * Report queries. The period figures read the report summaries (db/report-summaries.ts: per day, month and
 * year, kept with the read model in each event's transaction), so a query adds up a few dozen spans per unit
 * whatever the number of dossiers; the overdue backlog, what is overdue now, reads the open tasks directly
 * (a partial index holds only them).
 * The rows returned are bounded by units × procedures × steps (× whole working days for step durations).
 *
 * Which dossiers a report sees: those whose commune, district or province is `rootUnit` (the caller's unit,
 * or the one in their scope they chose): the dossier carries all three codes, so "under the unit" is one
 * equality per level, which the indexes on the unit columns serve.
 * A district appears only for dossiers under the three-tier route; under the two-tier route the commune
 * reports straight to the province.
 *
 * Each query is a named (prepared) statement: its text never varies, only its parameters. Planning these joins
 * cost more than running them (a few milliseconds against well under one on a province's summaries), so each
 * connection plans a report's statement once and reuses the plan.
 */
import { dayBefore, periodSpans, SUMMARY_EPOCH, type SpanRange } from '../domain/reports/period-spans';
import { addToHistogram, type DurationHistogram } from '../domain/reports/durations';
import type { Queryable } from './queryable';
import {
  AID_FROM_SQL,
  AID_UNIT_KEYS_SQL,
  ASSISTED_UNTIL_SQL,
  ASSISTING_DECISION_SQL,
  PERSON_KEY_SQL,
  UNIT_KEYS_SQL,
} from './report-summaries';

export interface ReportQueryFilter {
  from: string;
  to: string;
  rootUnit: string;
  procedureId?: string;
}

/** The units a dossier is counted under; `districtCode` only for the three-tier route. */
export interface UnitKeys {
  provinceCode: string;
  districtCode: string | null;
  communeCode: string;
}

/** The dossier `d` is under the unit $unit and, when $procedure is not null, of that procedure. */
const inScope = (unit = '$1', procedure = '$4') =>
  `(d.commune_code = ${unit} OR d.district_code = ${unit} OR d.province_code = ${unit})
   AND (${procedure}::text IS NULL OR d.procedure_id = ${procedure})`;
const UNIT_COLUMNS = UNIT_KEYS_SQL;

/** The unit keys of a row selected with UNIT_COLUMNS. */
const unitKeysOf = (row: {
  province_code: string;
  district_code: string | null;
  commune_code: string;
}): UnitKeys => ({
  provinceCode: row.province_code,
  districtCode: row.district_code,
  communeCode: row.commune_code,
});

export interface DossierCountsRow extends UnitKeys {
  procedureId: string;
  procedureTitle: string;
  received: number;
  notAccepted: number;
  completed: number;
  refused: number;
  early: number;
  onTime: number;
  late: number;
  /** Finished dossiers with no recorded status (refusals recorded before it was kept). */
  unclassified: number;
  /** Received by `to` and not finished by then. */
  inProgress: number;
}

/**
 * Which summary rows a query adds up (db/report-summaries.ts): 'P' the period, 'C' everything up to its last
 * day, 'B' everything before its first day. Each is a list of day / month / year spans (period-spans.ts).
 */
type RangeKind = 'P' | 'C' | 'B';
function rangeParams(filter: { from: string; to: string }, kinds: readonly RangeKind[]): unknown[] {
  const sets: Record<RangeKind, SpanRange[]> = {
    P: periodSpans(filter.from, filter.to),
    C: periodSpans(SUMMARY_EPOCH, filter.to),
    B: periodSpans(SUMMARY_EPOCH, dayBefore(filter.from)),
  };
  const ranges = kinds.flatMap((kind) => sets[kind].map((range) => ({ kind, ...range })));
  return [
    ranges.map((r) => r.kind),
    ranges.map((r) => r.span),
    ranges.map((r) => r.from),
    ranges.map((r) => r.to),
  ];
}
/**
 * Summary rows `s` of `table` in the ranges passed as parameters $first…$first+3, under the unit $1. Each range
 * is its own index scan on (span, day) — `OFFSET 0` keeps the planner from flattening the subquery into one
 * scan of the whole table, which it prefers when it guesses that most rows are the unit's.
 */
const summaryRows = (table: string, first: number) =>
  `unnest($${first}::text[], $${first + 1}::text[], $${first + 2}::date[], $${first + 3}::date[]) AS r(kind, span, lo, hi)
   CROSS JOIN LATERAL (
     SELECT * FROM ${table} x
      WHERE x.span = r.span::char(1) AND x.day BETWEEN r.lo AND r.hi
        AND (x.commune_code = $1 OR x.district_code = $1 OR x.province_code = $1)
     OFFSET 0) s
   WHERE true`;
const SUMMARY_UNITS = `s.province_code, s.district_code, s.commune_code`;
const sumOf = (column: string, kind: RangeKind) =>
  `COALESCE(sum(s.${column}) FILTER (WHERE r.kind = '${kind}'), 0)`;

/**
 * Runs a report's named statement and returns its rows, sent as one JSON text: a province's report is a few
 * hundred to a few thousand rows of a dozen columns, and one JSON.parse of the lot costs a fraction of decoding
 * them field by field (about 1.5 against 6 ms of CPU for the step durations of a year). Numbers arrive as JSON
 * numbers (sums of VND stay far below 2^53); row order is not kept, the callers sort.
 */
async function jsonRows(
  db: Queryable,
  statement: { name: string; text: string; values: unknown[] },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as pg gives rows: each caller maps its columns
): Promise<any[]> {
  const { rows } = await db.query({
    name: statement.name,
    text: `SELECT COALESCE(json_agg(q), '[]')::text AS rows FROM (${statement.text}) q`,
    values: statement.values,
  });
  return JSON.parse(rows[0].rows as string);
}

/**
 * Per unit and procedure: dossiers received, finished (and how: early / on time / late), in progress at the
 * end (received minus finished up to it). A unit and procedure appear when a dossier of theirs was received by
 * the end and not finished before the start.
 */
export async function dossierCounts(db: Queryable, filter: ReportQueryFilter): Promise<DossierCountsRow[]> {
  const rows = await jsonRows(db, {
    name: 'report-dossier-counts',
    text: `SELECT ${SUMMARY_UNITS}, s.procedure_id, max(s.procedure_title) AS procedure_title,
            ${sumOf('received', 'P')}::int AS received,
            ${sumOf('not_accepted', 'P')}::int AS not_accepted,
            ${sumOf('completed', 'P')}::int AS completed,
            ${sumOf('refused', 'P')}::int AS refused,
            ${sumOf('early', 'P')}::int AS early,
            ${sumOf('on_time', 'P')}::int AS on_time,
            ${sumOf('late', 'P')}::int AS late,
            ${sumOf('unclassified', 'P')}::int AS unclassified,
            (${sumOf('received', 'C')} - ${sumOf('finished', 'C')})::int AS in_progress
       FROM ${summaryRows('report_dossier_counts', 3)}
        AND ($2::text IS NULL OR s.procedure_id = $2)
      GROUP BY 1, 2, 3, 4
     HAVING ${sumOf('received', 'C')} - ${sumOf('finished', 'B')} > 0
      ORDER BY s.province_code, s.district_code NULLS FIRST, s.commune_code, s.procedure_id`,
    values: [filter.rootUnit, filter.procedureId ?? null, ...rangeParams(filter, ['P', 'C', 'B'])],
  });
  return rows.map((row) => ({
    ...unitKeysOf(row),
    procedureId: row.procedure_id,
    procedureTitle: row.procedure_title,
    received: row.received,
    notAccepted: row.not_accepted,
    completed: row.completed,
    refused: row.refused,
    early: row.early,
    onTime: row.on_time,
    late: row.late,
    unclassified: row.unclassified,
    inProgress: row.in_progress,
  }));
}

export interface StepDurationRow extends UnitKeys {
  procedureId: string;
  stepKey: string;
  stepTitle: string;
  early: number;
  onTime: number;
  late: number;
  /** Whole working days → steps that took them (stored on each task when it completed, clock stops left out). */
  histogram: DurationHistogram;
}

/**
 * Steps completed in the period, per unit, procedure and step, with the histogram of working days they took,
 * so the caller's averages and percentiles are exact. A step done twice (the dossier was returned to it)
 * counts twice; a clock stop is credited to the task during which the documents were asked for.
 */
export async function stepDurations(db: Queryable, filter: ReportQueryFilter): Promise<StepDurationRow[]> {
  // The spans' rows as they are (a few per unit and step): histograms are added up here, not in SQL.
  const rows = await jsonRows(db, {
    name: 'report-step-durations',
    text: `SELECT ${SUMMARY_UNITS}, s.procedure_id, s.step_key, s.step_title, s.early, s.on_time, s.late, s.histogram
       FROM ${summaryRows('report_step_durations', 3)}
        AND ($2::text IS NULL OR s.procedure_id = $2)`,
    values: [filter.rootUnit, filter.procedureId ?? null, ...rangeParams(filter, ['P'])],
  });
  const steps = new Map<string, StepDurationRow>();
  for (const row of rows) {
    const id = [row.province_code, row.district_code, row.commune_code, row.procedure_id, row.step_key].join(
      '\u0000',
    );
    let step = steps.get(id);
    if (!step) {
      step = {
        ...unitKeysOf(row),
        procedureId: row.procedure_id,
        stepKey: row.step_key,
        stepTitle: row.step_title,
        early: 0,
        onTime: 0,
        late: 0,
        histogram: new Map(),
      };
      steps.set(id, step);
    }
    if (row.step_title > step.stepTitle) step.stepTitle = row.step_title;
    step.early += row.early;
    step.onTime += row.on_time;
    step.late += row.late;
    for (const [days, count] of Object.entries(row.histogram as Record<string, number>)) {
      addToHistogram(step.histogram, Number(days), count);
    }
  }
  return [...steps.values()];
}

export interface OverdueTaskRow extends UnitKeys {
  dossierCode: string;
  procedureId: string;
  procedureTitle: string;
  stepKey: string;
  stepTitle: string;
  dueDate: string;
  /** Working days overdue on `today` (working days in (due date, today] on the province's calendar). */
  age: number;
  /** The unit whose officers hold the task now (an escalation may have moved it up). */
  heldBy: string;
  escalations: number;
}

/** Overdue steps of one unit, procedure and step, by age: the bands count steps `age <= max` of the band. */
export interface OverdueGroupRow extends UnitKeys {
  procedureId: string;
  stepKey: string;
  stepTitle: string;
  overdue: number;
  /** Steps per age band, in the order of `OVERDUE_AGE_BANDS`. */
  bands: number[];
  totalAge: number;
  maxAge: number;
}

/** Age bands of the overdue backlog in working days (upper bounds; the last is open-ended). */
export const OVERDUE_AGE_BANDS = [5, 10, 20, Infinity] as const;

/**
 * Working-day ordinals from `start` to `today` (ordinals[i] = working days in (start, start + i]): the age of a
 * step due on d is ordinals[today] − ordinals[d]. The caller builds them from the province's calendar.
 */
export interface WorkingDayOrdinals {
  start: string;
  ordinals: number[];
}

/** Steps that can be overdue: open step tasks (the partial index tasks_open_due holds exactly the open tasks). */
const OVERDUE_TASKS = `t.status = 'open' AND t.kind IN ('step', 'intake_check') AND t.due_date < $2`;

/** The earliest due date of an open task before `today`: where the working-day ordinals must start. */
export async function earliestOverdueDate(db: Queryable, today: string): Promise<string | null> {
  const { rows } = await db.query({
    name: 'report-earliest-overdue',
    text: `SELECT min(t.due_date)::text AS first FROM tasks t WHERE ${OVERDUE_TASKS.replace('$2', '$1')}`,
    values: [today],
  });
  return rows[0]?.first ?? null;
}

/**
 * The overdue backlog on `today` in one statement: step tasks open past their due date, of dossiers whose clock
 * runs (a dossier waiting for the citizen's documents is not overdue for the office), counted per unit,
 * procedure, step and age band, and the `limit` oldest of them (oldest due date first) with their age. The age
 * is computed in SQL from the working-day ordinals, so nothing is looked up per row outside the statement.
 */
export async function overdueBacklog(
  db: Queryable,
  filter: Omit<ReportQueryFilter, 'from' | 'to'> & { today: string },
  days: WorkingDayOrdinals,
  limit: number,
): Promise<{ groups: OverdueGroupRow[]; oldest: OverdueTaskRow[] }> {
  const bands = OVERDUE_AGE_BANDS.map((max, i) =>
    max === Infinity
      ? `count(*) FILTER (WHERE age > ${OVERDUE_AGE_BANDS[i - 1]})`
      : `count(*) FILTER (WHERE age <= ${max}${i > 0 ? ` AND age > ${OVERDUE_AGE_BANDS[i - 1]}` : ''})`,
  );
  const { rows } = await db.query({
    name: 'report-overdue-backlog',
    text: `WITH overdue AS MATERIALIZED (
       SELECT ${UNIT_COLUMNS}, d.code, d.procedure_id, d.procedure_title, t.step_key, t.title,
              t.due_date, t.unit_code, t.escalations,
              -- A due date moved before the ordinals' start since it was read counts from the start, never null.
              ($5::int[])[$2::date - $4::date + 1] - ($5::int[])[GREATEST(t.due_date, $4::date) - $4::date + 1]
                AS age
         FROM tasks t JOIN dossiers d ON d.code = t.dossier_code
        WHERE ${OVERDUE_TASKS} AND NOT d.clock_stopped AND d.finished_on IS NULL AND ${inScope('$1', '$3')}),
     groups AS (
       SELECT province_code, district_code, commune_code, procedure_id, step_key, max(title) AS step_title,
              count(*)::int AS overdue, json_build_array(${bands.join(', ')}) AS bands,
              sum(age)::int AS total_age, max(age)::int AS max_age
         FROM overdue GROUP BY 1, 2, 3, 4, 5),
     oldest AS (
       SELECT province_code, district_code, commune_code, code, procedure_id, procedure_title, step_key, title,
              due_date::text AS due_date, age, unit_code, escalations
         FROM overdue ORDER BY due_date, code LIMIT $6)
     SELECT (SELECT COALESCE(json_agg(g), '[]') FROM groups g) AS groups,
            (SELECT COALESCE(json_agg(o ORDER BY o.due_date, o.code), '[]') FROM oldest o) AS oldest`,
    values: [filter.rootUnit, filter.today, filter.procedureId ?? null, days.start, days.ordinals, limit],
  });
  const { groups, oldest } = rows[0];
  return {
    groups: (groups as typeof rows).map((row) => ({
      ...unitKeysOf(row),
      procedureId: row.procedure_id,
      stepKey: row.step_key,
      stepTitle: row.step_title,
      overdue: row.overdue,
      bands: row.bands,
      totalAge: row.total_age,
      maxAge: row.max_age,
    })),
    oldest: (oldest as typeof rows).map((row) => ({
      ...unitKeysOf(row),
      dossierCode: row.code,
      procedureId: row.procedure_id,
      procedureTitle: row.procedure_title,
      stepKey: row.step_key,
      stepTitle: row.title,
      dueDate: row.due_date,
      age: row.age,
      heldBy: row.unit_code,
      escalations: row.escalations,
    })),
  };
}

export interface EntitlementCountsRow extends UnitKeys {
  /** The decision's first clause (Decree 20 Art. 5); null for decisions without one. */
  clause: string | null;
  active: number;
  started: number;
  stopped: number;
  /** Sum of the monthly amounts of the entitlements active at the end of the period, VND. */
  monthlyAmount: number;
  /**
   * Of `started` / `stopped`: relocations from / to another commune of the same province. The commune counts
   * them; the province takes them out (one person, neither new nor stopped there).
   */
  movedIn: number;
  movedOut: number;
}

/**
 * Monthly allowances by unit and clause: active at the end of the period (decided by then, not stopped by
 * then), started in it (decision signed in the period), stopped in it. Each entitlement is counted once, under
 * its decision's first clause, so the rows add up to the unit's total.
 */
export async function entitlementCounts(
  db: Queryable,
  filter: ReportQueryFilter,
  clauses?: readonly string[],
): Promise<EntitlementCountsRow[]> {
  const rows = await jsonRows(db, {
    name: 'report-entitlement-counts',
    text: `SELECT ${SUMMARY_UNITS}, s.clause,
            (${sumOf('started', 'C')} - ${sumOf('stopped', 'C')})::int AS active,
            ${sumOf('started', 'P')}::int AS started,
            ${sumOf('stopped', 'P')}::int AS stopped,
            ${sumOf('moved_in', 'P')}::int AS moved_in,
            ${sumOf('moved_out', 'P')}::int AS moved_out,
            (${sumOf('started_amount', 'C')} - ${sumOf('stopped_amount', 'C')})::bigint AS amount
       FROM ${summaryRows('report_entitlement_counts', 3)}
        AND ($2::text[] IS NULL OR s.clause = ANY($2))
      GROUP BY 1, 2, 3, 4
     HAVING ${sumOf('started', 'C')} > 0`,
    values: [filter.rootUnit, clauses ?? null, ...rangeParams(filter, ['P', 'C'])],
  });
  return rows.map((row) => ({
    ...unitKeysOf(row),
    clause: row.clause,
    active: row.active,
    started: row.started,
    stopped: row.stopped,
    monthlyAmount: Number(row.amount),
    movedIn: row.moved_in,
    movedOut: row.moved_out,
  }));
}

export interface OneOffAidRow extends UnitKeys {
  procedureId: string;
  procedureTitle: string;
  decisions: number;
  oneOffAmount: number;
  /** Rice handed out: kilograms per month × months, summed over decisions. */
  riceKg: number;
}

/** Emergency and one-off assistance decided in the period (decisions that are not monthly allowances). */
export async function oneOffAid(db: Queryable, filter: ReportQueryFilter): Promise<OneOffAidRow[]> {
  const rows = await jsonRows(db, {
    name: 'report-one-off-aid',
    text: `SELECT ${SUMMARY_UNITS}, s.procedure_id, max(s.procedure_title) AS procedure_title,
            sum(s.decisions)::int AS decisions, sum(s.one_off_amount)::bigint AS amount, sum(s.rice_kg) AS rice
       FROM ${summaryRows('report_one_off_aid', 3)}
        AND ($2::text IS NULL OR s.procedure_id = $2)
      GROUP BY 1, 2, 3, 4
     HAVING sum(s.decisions) > 0`,
    values: [filter.rootUnit, filter.procedureId ?? null, ...rangeParams(filter, ['P'])],
  });
  return rows.map((row) => ({
    ...unitKeysOf(row),
    procedureId: row.procedure_id,
    procedureTitle: row.procedure_title,
    decisions: row.decisions,
    oneOffAmount: Number(row.amount),
    riceKg: Number(row.rice),
  }));
}

export interface PeopleAssistedRow extends UnitKeys {
  people: number;
  /**
   * Of `people`: those who moved here from another commune of the same province in the period, and so were met
   * at both communes (each commune counts them; the province once).
   */
  movedIn: number;
}

/**
 * People (beneficiaries of dossiers) given any assistance decision in the period or paid a monthly allowance
 * during it, each once per unit: islands of assisted days started by the end, less those ended before the
 * start, less the gaps between one person's islands that lie inside the period (db/report-summaries.ts).
 * Limited to one procedure, the same from that procedure's own islands (a person helped under two procedures
 * counts once in each, and once over all).
 */
export async function peopleAssisted(db: Queryable, filter: ReportQueryFilter): Promise<PeopleAssistedRow[]> {
  const rows = await jsonRows(db, {
    name: 'report-people-assisted',
    text: `WITH islands AS (
       SELECT ${SUMMARY_UNITS}, ${sumOf('starts', 'C')} - ${sumOf('ends', 'B')} AS met
         FROM ${summaryRows('report_people_counts', 4)}
          AND s.procedure_id IS NOT DISTINCT FROM $8
        GROUP BY 1, 2, 3),
     gaps AS (
       SELECT ${SUMMARY_UNITS}, sum(s.people) AS inside
         FROM report_people_gaps s
        WHERE (s.commune_code = $1 OR s.district_code = $1 OR s.province_code = $1)
          AND s.prev_end >= $2 AND s.next_start <= $3 AND s.procedure_id IS NOT DISTINCT FROM $8
        GROUP BY 1, 2, 3),
     moves AS (
       SELECT s.province_code, s.commune_code, count(*) AS moved_in
         FROM report_people_moves s
        WHERE (s.commune_code = $1 OR s.province_code = $1)
          AND s.last_day_before >= $2 AND s.last_day_before < $3 AND s.procedure_id IS NOT DISTINCT FROM $8
        GROUP BY 1, 2)
     SELECT i.province_code, i.district_code, i.commune_code, (i.met - COALESCE(g.inside, 0))::int AS people,
            COALESCE(m.moved_in, 0)::int AS moved_in
       FROM islands i LEFT JOIN gaps g ON g.commune_code = i.commune_code AND g.province_code = i.province_code
        AND g.district_code IS NOT DISTINCT FROM i.district_code
       LEFT JOIN moves m ON m.commune_code = i.commune_code AND m.province_code = i.province_code
        AND i.district_code IS NULL
      WHERE i.met - COALESCE(g.inside, 0) > 0`,
    values: [
      filter.rootUnit,
      filter.from,
      filter.to,
      ...rangeParams(filter, ['C', 'B']),
      filter.procedureId ?? null,
    ],
  });
  return rows.map((row) => ({
    ...unitKeysOf(row),
    people: row.people,
    movedIn: row.moved_in,
  }));
}

/**
 * The same count made from the decisions themselves: the summaries' oracle in tests. Per unit as the summaries
 * count it (a relocation's new entitlement at the commune moved to, from its first month; the old until then).
 */
export async function peopleAssistedFromDecisions(
  db: Queryable,
  filter: ReportQueryFilter,
): Promise<Array<UnitKeys & { people: number }>> {
  const { rows } = await db.query(
    `SELECT province_code, district_code, commune_code, count(DISTINCT person_key)::int AS people
       FROM (SELECT ${AID_UNIT_KEYS_SQL}, d.procedure_id, ${PERSON_KEY_SQL} AS person_key,
                    ${AID_FROM_SQL} AS first_day, ${ASSISTED_UNTIL_SQL} AS last_day
               FROM decisions dc JOIN dossiers d ON d.code = dc.dossier_code
               LEFT JOIN entitlements e ON e.dossier_code = dc.dossier_code
              WHERE ${ASSISTING_DECISION_SQL}) a
      WHERE (a.commune_code = $1 OR a.district_code = $1 OR a.province_code = $1)
        AND ($4::text IS NULL OR a.procedure_id = $4) AND a.first_day <= $3 AND a.last_day >= $2
      GROUP BY 1, 2, 3`,
    [filter.rootUnit, filter.from, filter.to, filter.procedureId ?? null],
  );
  return rows.map((row) => ({ ...unitKeysOf(row), people: row.people }));
}

export interface PlanInputRow {
  unitCode: string;
  year: number;
  peopleInSpecialHardship: number;
  comprehensiveServices: number;
  note: string | null;
  enteredBy: string;
  enteredAt: string;
}

export async function planInputs(
  db: Queryable,
  year: number,
  unitCodes: readonly string[],
): Promise<PlanInputRow[]> {
  const { rows } = await db.query(
    `SELECT * FROM plan_report_inputs WHERE year = $1 AND unit_code = ANY($2) ORDER BY unit_code`,
    [year, unitCodes],
  );
  return rows.map((row) => ({
    unitCode: row.unit_code,
    year: row.year,
    peopleInSpecialHardship: row.people_in_special_hardship,
    comprehensiveServices: row.comprehensive_services,
    note: row.note,
    enteredBy: row.entered_by,
    enteredAt: (row.entered_at as Date).toISOString(),
  }));
}

export async function savePlanInput(
  db: Queryable,
  input: Omit<PlanInputRow, 'enteredAt'> & { enteredAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO plan_report_inputs (unit_code, year, people_in_special_hardship, comprehensive_services, note,
       entered_by, entered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (unit_code, year) DO UPDATE SET people_in_special_hardship = EXCLUDED.people_in_special_hardship,
       comprehensive_services = EXCLUDED.comprehensive_services, note = EXCLUDED.note,
       entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at`,
    [
      input.unitCode,
      input.year,
      input.peopleInSpecialHardship,
      input.comprehensiveServices,
      input.note,
      input.enteredBy,
      input.enteredAt,
    ],
  );
}
