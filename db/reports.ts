/**
 * Report queries over the dossier read model (dossiers, tasks, dossier_events, decisions, entitlements). They
 * only aggregate: the rows they return are bounded by units × procedures × steps (× distinct dates for step
 * durations), never one row per dossier, except the overdue backlog which lists what is overdue now.
 *
 * Which dossiers a report sees: those whose commune, district or province is `rootUnit` (the caller's unit,
 * or the one in their scope they chose): the dossier carries all three codes, so "under the unit" is one
 * equality per level, which the indexes on the unit columns serve.
 * A district appears only for dossiers under the three-tier route; under the two-tier route the commune
 * reports straight to the province.
 */
import type { Queryable } from './queryable';

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
const IN_SCOPE = inScope();
const UNIT_COLUMNS = `d.province_code, CASE WHEN d.tier = 'three-tier' THEN d.district_code END AS district_code,
  d.commune_code`;

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

const params = (filter: ReportQueryFilter) => [
  filter.rootUnit,
  filter.from,
  filter.to,
  filter.procedureId ?? null,
];

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

/** Per unit and procedure: dossiers received, finished (and how: early / on time / late), in progress. */
export async function dossierCounts(db: Queryable, filter: ReportQueryFilter): Promise<DossierCountsRow[]> {
  const { rows } = await db.query(
    `WITH f AS (
       SELECT ${UNIT_COLUMNS}, d.procedure_id, d.procedure_title, d.status, d.on_time_status,
              d.received_on BETWEEN $2 AND $3 AS received,
              d.finished_on BETWEEN $2 AND $3 AS finished,
              d.received_on <= $3 AND (d.finished_on IS NULL OR d.finished_on > $3) AS open_at_end
         FROM dossiers d
        WHERE ${IN_SCOPE}
          AND d.received_on <= $3 AND (d.finished_on IS NULL OR d.finished_on >= $2))
     SELECT province_code, district_code, commune_code, procedure_id, max(procedure_title) AS procedure_title,
            count(*) FILTER (WHERE received)::int AS received,
            count(*) FILTER (WHERE finished AND status = 'intake_refused')::int AS not_accepted,
            count(*) FILTER (WHERE finished AND status = 'completed')::int AS completed,
            count(*) FILTER (WHERE finished AND status = 'refused')::int AS refused,
            count(*) FILTER (WHERE finished AND status IN ('completed', 'refused')
                               AND on_time_status = 'Trước hạn')::int AS early,
            count(*) FILTER (WHERE finished AND status IN ('completed', 'refused')
                               AND on_time_status = 'Đúng hạn')::int AS on_time,
            count(*) FILTER (WHERE finished AND status IN ('completed', 'refused')
                               AND on_time_status = 'Quá hạn')::int AS late,
            count(*) FILTER (WHERE finished AND status IN ('completed', 'refused')
                               AND on_time_status IS NULL)::int AS unclassified,
            count(*) FILTER (WHERE open_at_end)::int AS in_progress
       FROM f
      GROUP BY province_code, district_code, commune_code, procedure_id
      ORDER BY province_code, district_code NULLS FIRST, commune_code, procedure_id`,
    params(filter),
  );
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
  openedOn: string;
  completedOn: string;
  /** Working days the clock stood still during the step (waiting for the citizen's documents, form 02). */
  pausedWorkingDays: number;
  onTimeStatus: string | null;
  count: number;
}

/**
 * Steps completed in the period, grouped by unit, procedure, step, dates and status: the caller turns
 * (opened, completed, paused) into working days with the calendar. A step done twice (the dossier was
 * returned to it) counts twice; a clock stop is credited to the task during which the documents were asked for.
 */
export async function stepDurations(db: Queryable, filter: ReportQueryFilter): Promise<StepDurationRow[]> {
  const { rows } = await db.query(
    `WITH done AS (
       SELECT ${UNIT_COLUMNS}, d.procedure_id, t.id, t.dossier_code, t.step_key, t.title, t.opened_on,
              t.completed_on, t.on_time_status
         FROM tasks t JOIN dossiers d ON d.code = t.dossier_code
        WHERE t.status = 'done' AND t.kind IN ('step', 'intake_check')
          AND t.completed_on BETWEEN $2 AND $3 AND ${IN_SCOPE}),
     pauses AS (
       SELECT stop.task_id, sum((resume.data ->> 'pausedWorkingDays')::int) AS paused
         FROM dossier_events resume
         JOIN LATERAL (
           SELECT s.task_id FROM dossier_events s
            WHERE s.dossier_code = resume.dossier_code AND s.type = 'clock_stopped' AND s.seq < resume.seq
            ORDER BY s.seq DESC LIMIT 1) stop ON true
        WHERE resume.type = 'clock_resumed' AND resume.dossier_code IN (SELECT dossier_code FROM done)
        GROUP BY stop.task_id)
     SELECT province_code, district_code, commune_code, procedure_id, step_key, max(title) AS step_title,
            opened_on::text, completed_on::text, COALESCE(p.paused, 0)::int AS paused, on_time_status,
            count(*)::int AS count
       FROM done LEFT JOIN pauses p ON p.task_id = done.id
      GROUP BY province_code, district_code, commune_code, procedure_id, step_key, opened_on, completed_on,
               p.paused, on_time_status`,
    params(filter),
  );
  return rows.map((row) => ({
    ...unitKeysOf(row),
    procedureId: row.procedure_id,
    stepKey: row.step_key,
    stepTitle: row.step_title,
    openedOn: row.opened_on,
    completedOn: row.completed_on,
    pausedWorkingDays: row.paused,
    onTimeStatus: row.on_time_status,
    count: row.count,
  }));
}

export interface OverdueTaskRow extends UnitKeys {
  dossierCode: string;
  procedureId: string;
  procedureTitle: string;
  stepKey: string;
  stepTitle: string;
  dueDate: string;
  /** The unit whose officers hold the task now (an escalation may have moved it up). */
  heldBy: string;
  escalations: number;
}

/**
 * Step tasks open past their due date on `today`, of dossiers whose clock runs (a dossier waiting for the
 * citizen's documents is not overdue for the office). Oldest due date first.
 */
export async function overdueTasks(
  db: Queryable,
  filter: Omit<ReportQueryFilter, 'from' | 'to'> & { today: string },
): Promise<OverdueTaskRow[]> {
  const { rows } = await db.query(
    `SELECT ${UNIT_COLUMNS}, d.code, d.procedure_id, d.procedure_title, t.step_key, t.title,
            t.due_date::text AS due_date, t.unit_code, t.escalations
       FROM tasks t JOIN dossiers d ON d.code = t.dossier_code
      WHERE t.status = 'open' AND t.kind IN ('step', 'intake_check') AND t.due_date < $2
        AND NOT d.clock_stopped AND d.finished_on IS NULL AND ${inScope('$1', '$3')}
      ORDER BY t.due_date, d.code`,
    [filter.rootUnit, filter.today, filter.procedureId ?? null],
  );
  return rows.map((row) => ({
    ...unitKeysOf(row),
    dossierCode: row.code,
    procedureId: row.procedure_id,
    procedureTitle: row.procedure_title,
    stepKey: row.step_key,
    stepTitle: row.title,
    dueDate: row.due_date,
    heldBy: row.unit_code,
    escalations: row.escalations,
  }));
}

export interface EntitlementCountsRow extends UnitKeys {
  /** The decision's first clause (Decree 20 Art. 5); null for decisions without one. */
  clause: string | null;
  active: number;
  started: number;
  stopped: number;
  /** Sum of the monthly amounts of the entitlements active at the end of the period, VND. */
  monthlyAmount: number;
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
  const { rows } = await db.query(
    `WITH f AS (
       SELECT ${UNIT_COLUMNS}, dc.clauses[1] AS clause, e.monthly_amount, dc.signed_on, e.ended_on
         FROM entitlements e
         JOIN decisions dc ON dc.dossier_code = e.dossier_code
         JOIN dossiers d ON d.code = e.dossier_code
        WHERE e.kind = 'monthly' AND ${IN_SCOPE} AND dc.signed_on <= $3
          AND ($5::text[] IS NULL OR dc.clauses[1] = ANY($5)))
     SELECT province_code, district_code, commune_code, clause,
            count(*) FILTER (WHERE ended_on IS NULL OR ended_on > $3)::int AS active,
            count(*) FILTER (WHERE signed_on >= $2)::int AS started,
            count(*) FILTER (WHERE ended_on BETWEEN $2 AND $3)::int AS stopped,
            COALESCE(sum(monthly_amount) FILTER (WHERE ended_on IS NULL OR ended_on > $3), 0)::bigint AS amount
       FROM f
      GROUP BY province_code, district_code, commune_code, clause`,
    [...params(filter), clauses ?? null],
  );
  return rows.map((row) => ({
    ...unitKeysOf(row),
    clause: row.clause,
    active: row.active,
    started: row.started,
    stopped: row.stopped,
    monthlyAmount: Number(row.amount),
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
  const { rows } = await db.query(
    `SELECT ${UNIT_COLUMNS}, d.procedure_id, max(d.procedure_title) AS procedure_title,
            count(*)::int AS decisions,
            COALESCE(sum(dc.one_off_amount), 0)::bigint AS amount,
            COALESCE(sum((dc.in_kind ->> 'riceKg')::numeric * (dc.in_kind ->> 'months')::numeric), 0) AS rice
       FROM decisions dc JOIN dossiers d ON d.code = dc.dossier_code
      WHERE dc.kind <> 'monthly' AND dc.signed_on BETWEEN $2 AND $3 AND ${IN_SCOPE}
      GROUP BY 1, 2, 3, d.procedure_id`,
    params(filter),
  );
  return rows.map((row) => ({
    ...unitKeysOf(row),
    procedureId: row.procedure_id,
    procedureTitle: row.procedure_title,
    decisions: row.decisions,
    oneOffAmount: Number(row.amount),
    riceKg: Number(row.rice),
  }));
}

/** People (beneficiaries of dossiers) given any assistance decision in the period, per unit. */
export async function peopleAssisted(
  db: Queryable,
  filter: ReportQueryFilter,
): Promise<Array<UnitKeys & { people: number }>> {
  const { rows } = await db.query(
    `SELECT ${UNIT_COLUMNS}, count(DISTINCT COALESCE(d.application #>> '{beneficiary,idNumber}', d.code))::int AS people
       FROM decisions dc JOIN dossiers d ON d.code = dc.dossier_code
       LEFT JOIN entitlements e ON e.dossier_code = dc.dossier_code
      WHERE ${IN_SCOPE} AND dc.signed_on <= $3
        AND (dc.signed_on >= $2 OR (dc.kind = 'monthly' AND (e.ended_on IS NULL OR e.ended_on >= $2)))
      GROUP BY 1, 2, 3`,
    params(filter),
  );
  return rows.map((row) => ({
    ...unitKeysOf(row),
    people: row.people,
  }));
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
