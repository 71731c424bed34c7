/**
 * Reading one dossier from the read model the workflow writes (db/migrations/…400_dossiers.sql): the row,
 * its timeline, due-date changes, form 06 entries, decision, entitlement and documents. What a caller may
 * see of these is decided by the API (citizen tracking shows far less than the officer view).
 */
import type { Queryable } from './queryable';

export interface DossierRecord {
  code: string;
  procedureId: string;
  procedureVersion: number;
  procedureTitle: string;
  tier: string;
  channel: 'walk_in' | 'online';
  status: string;
  currentStepKey: string | null;
  currentStepTitle: string | null;
  currentDueDate: string | null;
  appointmentDate: string | null;
  onTimeStatus: string | null;
  overdue: boolean;
  clockStopped: boolean;
  communeCode: string;
  districtCode: string | null;
  provinceCode: string;
  applicantName: string;
  applicantPhone: string;
  applicantIdLast4: string | null;
  beneficiaryName: string;
  /** The full application, sensitive fields included. */
  application: Record<string, unknown>;
  receivedAt: string;
  receivedOn: string;
  acceptedOn: string | null;
  finishedOn: string | null;
  result: string | null;
}

export interface DossierRow {
  code: string;
  procedure_id: string;
  procedure_version: number;
  procedure_title: string;
  tier: string;
  channel: DossierRecord['channel'];
  status: string;
  current_step_key: string | null;
  current_step_title: string | null;
  current_due_date: string | null;
  appointment_date: string | null;
  on_time_status: string | null;
  overdue: boolean;
  clock_stopped: boolean;
  commune_code: string;
  district_code: string | null;
  province_code: string;
  applicant_name: string;
  applicant_phone: string;
  applicant_id_last4: string | null;
  beneficiary_name: string;
  application: Record<string, unknown>;
  received_at: Date;
  received_on: string;
  accepted_on: string | null;
  finished_on: string | null;
  result: string | null;
}

export async function findDossier(db: Queryable, code: string): Promise<DossierRecord | undefined> {
  const { rows } = await db.query<DossierRow>('SELECT * FROM dossiers WHERE code = $1', [code]);
  const row = rows[0];
  return row ? toDossier(row) : undefined;
}

export function toDossier(row: DossierRow): DossierRecord {
  return {
    code: row.code,
    procedureId: row.procedure_id,
    procedureVersion: row.procedure_version,
    procedureTitle: row.procedure_title,
    tier: row.tier,
    channel: row.channel,
    status: row.status,
    currentStepKey: row.current_step_key,
    currentStepTitle: row.current_step_title,
    currentDueDate: row.current_due_date,
    appointmentDate: row.appointment_date,
    onTimeStatus: row.on_time_status,
    overdue: row.overdue,
    clockStopped: row.clock_stopped,
    communeCode: row.commune_code,
    districtCode: row.district_code,
    provinceCode: row.province_code,
    applicantName: row.applicant_name,
    applicantPhone: row.applicant_phone,
    applicantIdLast4: row.applicant_id_last4,
    beneficiaryName: row.beneficiary_name,
    application: row.application,
    receivedAt: row.received_at.toISOString(),
    receivedOn: row.received_on,
    acceptedOn: row.accepted_on,
    finishedOn: row.finished_on,
    result: row.result,
  };
}

export interface DossierEventRecord {
  seq: number;
  type: string;
  at: string;
  legalDate: string;
  actor: string | null;
  stepKey: string | null;
  taskId: string | null;
  reason: string | null;
  data: Record<string, unknown>;
}

export const SELECT_DOSSIER_EVENTS = 'SELECT * FROM dossier_events WHERE dossier_code = $1 ORDER BY seq';

export interface DossierEventRow {
  seq: number;
  type: string;
  /** A Date from a column; an ISO string from json_agg (db/tracking-read.ts). */
  at: Date | string;
  legal_date: string;
  actor: string | null;
  step_key: string | null;
  task_id: string | null;
  reason: string | null;
  data: Record<string, unknown>;
}

export function toDossierEvent(row: DossierEventRow): DossierEventRecord {
  return {
    seq: row.seq,
    type: row.type,
    at: new Date(row.at).toISOString(),
    legalDate: row.legal_date,
    actor: row.actor,
    stepKey: row.step_key,
    taskId: row.task_id,
    reason: row.reason,
    data: row.data,
  };
}

export async function dossierEvents(db: Queryable, code: string): Promise<DossierEventRecord[]> {
  const { rows } = await db.query<DossierEventRow>(SELECT_DOSSIER_EVENTS, [code]);
  return rows.map(toDossierEvent);
}

export interface DueDateChangeRecord {
  seq: number;
  target: 'appointment' | 'task';
  taskId: string | null;
  oldDate: string | null;
  newDate: string;
  reason: string;
  changedAt: string;
}

export const SELECT_DUE_DATE_CHANGES =
  'SELECT * FROM due_date_changes WHERE dossier_code = $1 ORDER BY seq, target';

export interface DueDateChangeRow {
  seq: number;
  target: DueDateChangeRecord['target'];
  task_id: string | null;
  old_date: string | null;
  new_date: string;
  reason: string;
  /** A Date from a column; an ISO string from json_agg (db/tracking-read.ts). */
  changed_at: Date | string;
}

export function toDueDateChange(row: DueDateChangeRow): DueDateChangeRecord {
  return {
    seq: row.seq,
    target: row.target,
    taskId: row.task_id,
    oldDate: row.old_date,
    newDate: row.new_date,
    reason: row.reason,
    changedAt: new Date(row.changed_at).toISOString(),
  };
}

export async function dueDateChanges(db: Queryable, code: string): Promise<DueDateChangeRecord[]> {
  const { rows } = await db.query<DueDateChangeRow>(SELECT_DUE_DATE_CHANGES, [code]);
  return rows.map(toDueDateChange);
}

export interface ControlSlipEntryRecord {
  seq: number;
  stepKey: string;
  sender: string;
  receiver: string;
  handedOverAt: string;
  dueDate: string | null;
  onTimeStatus: string;
}

export async function controlSlipEntries(db: Queryable, code: string): Promise<ControlSlipEntryRecord[]> {
  const { rows } = await db.query<{
    seq: number;
    step_key: string;
    sender: string;
    receiver: string;
    handed_over_at: Date;
    due_date: string | null;
    on_time_status: string;
  }>('SELECT * FROM control_slip_entries WHERE dossier_code = $1 ORDER BY seq', [code]);
  return rows.map((row) => ({
    seq: row.seq,
    stepKey: row.step_key,
    sender: row.sender,
    receiver: row.receiver,
    handedOverAt: row.handed_over_at.toISOString(),
    dueDate: row.due_date,
    onTimeStatus: row.on_time_status,
  }));
}

export interface DecisionRecord {
  numberLabel: string;
  signedOn: string;
  issuerCode: string;
  kind: string;
  monthlyAmount: number | null;
  oneOffAmount: number | null;
  inKind: { riceKg: number; months: number } | null;
  baseLevel: number;
  coefficient: number | null;
  clauses: string[];
  paymentStartMonth: string | null;
  documentId: string | null;
}

export async function findDecision(db: Queryable, code: string): Promise<DecisionRecord | undefined> {
  const { rows } = await db.query<{
    number_label: string;
    signed_on: string;
    issuer_code: string;
    kind: string;
    monthly_amount: number | null;
    one_off_amount: number | null;
    in_kind: { riceKg: number; months: number } | null;
    base_level: number;
    coefficient: string | null;
    clauses: string[];
    payment_start_month: string | null;
    document_id: string | null;
  }>('SELECT * FROM decisions WHERE dossier_code = $1', [code]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    numberLabel: row.number_label,
    signedOn: row.signed_on,
    issuerCode: row.issuer_code,
    kind: row.kind,
    monthlyAmount: row.monthly_amount,
    oneOffAmount: row.one_off_amount,
    inKind: row.in_kind,
    baseLevel: row.base_level,
    // NUMERIC comes back as text: coefficients have two decimals at most, a Number holds them exactly enough.
    coefficient: row.coefficient === null ? null : Number(row.coefficient),
    clauses: row.clauses,
    paymentStartMonth: row.payment_start_month,
    documentId: row.document_id,
  };
}

export interface EntitlementRecord {
  kind: string;
  monthlyAmount: number | null;
  oneOffAmount: number | null;
  startMonth: string | null;
  payerRole: string;
  status: string;
}

export async function findEntitlement(db: Queryable, code: string): Promise<EntitlementRecord | undefined> {
  const { rows } = await db.query<{
    kind: string;
    monthly_amount: number | null;
    one_off_amount: number | null;
    start_month: string | null;
    payer_role: string;
    status: string;
  }>('SELECT * FROM entitlements WHERE dossier_code = $1', [code]);
  const row = rows[0];
  return row
    ? {
        kind: row.kind,
        monthlyAmount: row.monthly_amount,
        oneOffAmount: row.one_off_amount,
        startMonth: row.start_month,
        payerRole: row.payer_role,
        status: row.status,
      }
    : undefined;
}

export interface DossierDocumentRecord {
  id: string;
  kind: string;
  numberLabel: string | null;
  issuedOn: string;
  hasPdf: boolean;
}

export async function documentsOfDossier(db: Queryable, code: string): Promise<DossierDocumentRecord[]> {
  const { rows } = await db.query<{
    id: string;
    kind: string;
    number_label: string | null;
    issued_on: string;
    has_pdf: boolean;
  }>(
    `SELECT id, kind, number_label, issued_on, pdf IS NOT NULL AS has_pdf
       FROM documents WHERE dossier_code = $1 ORDER BY created_at, id`,
    [code],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    numberLabel: row.number_label,
    issuedOn: row.issued_on,
    hasPdf: row.has_pdf,
  }));
}

/** The stored rendering of one document of a dossier: the PDF when one was printed, else the HTML. */
export async function documentContent(
  db: Queryable,
  code: string,
  id: string,
): Promise<{ kind: string; pdf: Buffer | null; html: string } | undefined> {
  const { rows } = await db.query<{ kind: string; pdf: Buffer | null; html: string }>(
    'SELECT kind, pdf, html FROM documents WHERE id = $1 AND dossier_code = $2',
    [id, code],
  );
  return rows[0];
}

export interface OpenPostingRecord {
  code: string;
  procedureTitle: string;
  /** The full application: callers copy the few public fields out of it, never the rest. */
  application: Record<string, unknown>;
  startedOn: string;
  endsOn: string;
}

/**
 * Dossiers of a commune whose public posting is open now: the latest posting_started event of a dossier in
 * progress, with no posting_ended after it.
 */
export async function openPostingsOfCommune(
  db: Queryable,
  communeCode: string,
): Promise<OpenPostingRecord[]> {
  const { rows } = await db.query<{
    code: string;
    procedure_title: string;
    application: Record<string, unknown>;
    started_on: string;
    ends_on: string;
  }>(
    `SELECT d.code, d.procedure_title, d.application, started.legal_date AS started_on,
            started.data ->> 'endsOn' AS ends_on
       FROM dossiers d
       JOIN LATERAL (
         SELECT seq, legal_date, data FROM dossier_events e
          WHERE e.dossier_code = d.code AND e.type = 'posting_started'
          ORDER BY seq DESC LIMIT 1
       ) started ON true
      WHERE d.commune_code = $1 AND d.status = 'in_progress'
        AND NOT EXISTS (SELECT 1 FROM dossier_events ended
                         WHERE ended.dossier_code = d.code AND ended.type = 'posting_ended'
                           AND ended.seq > started.seq)
      ORDER BY started.legal_date, d.code`,
    [communeCode],
  );
  return rows.map((row) => ({
    code: row.code,
    procedureTitle: row.procedure_title,
    application: row.application,
    startedOn: row.started_on,
    endsOn: row.ends_on,
  }));
}

/** The dossier's open incident (its workflow is stuck on an error no retry cures), if any. */
export interface IncidentRecord {
  activity: string;
  code: string;
  message: string;
  since: string;
}

export async function findIncident(db: Queryable, code: string): Promise<IncidentRecord | null> {
  const { rows } = await db.query<{ activity: string; code: string; message: string; opened_at: Date }>(
    'SELECT activity, code, message, opened_at FROM dossier_incidents WHERE dossier_code = $1',
    [code],
  );
  const row = rows[0];
  return row
    ? { activity: row.activity, code: row.code, message: row.message, since: row.opened_at.toISOString() }
    : null;
}
