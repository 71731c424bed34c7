/**
 * Reading the tasks of the dossier read model (written by the workflow's activities): one task by id, and
 * the inbox — tasks of some units and a role, filtered and ordered by due date, in keyset pages.
 */
import type { Queryable } from './queryable';

export interface TaskRecord {
  id: string;
  dossierCode: string;
  kind: 'intake_check' | 'step' | 'complaint';
  stepKey: string;
  title: string;
  role: string;
  unitLevel: string;
  unitCode: string;
  unitName: string | null;
  status: 'open' | 'done' | 'cancelled';
  outcomes: string[];
  /** The step allows approving this task together with others (the procedure step's bulkApproval). */
  bulkAllowed: boolean;
  claimedBy: string | null;
  claimedByName: string | null;
  openedOn: string;
  dueDate: string;
  overdue: boolean;
  completedOn: string | null;
  outcome: string | null;
  onTimeStatus: string | null;
  beneficiaryName: string;
  procedureTitle: string;
  provinceCode: string;
  communeCode: string;
}

export interface TaskRow {
  id: string;
  dossier_code: string;
  kind: TaskRecord['kind'];
  step_key: string;
  title: string;
  role: string;
  unit_level: string;
  unit_code: string;
  unit_name: string | null;
  status: TaskRecord['status'];
  outcomes: string[];
  bulk_allowed: boolean;
  claimed_by: string | null;
  claimed_by_name: string | null;
  opened_on: string;
  due_date: string;
  overdue: boolean;
  completed_on: string | null;
  outcome: string | null;
  on_time_status: string | null;
  beneficiary_name: string;
  procedure_title: string;
  province_code: string;
  commune_code: string;
}

export const SELECT_TASKS = `
  SELECT t.id, t.dossier_code, t.kind, t.step_key, t.title, t.role, t.unit_level, t.unit_code, u.name AS unit_name,
         t.status, t.outcomes, t.bulk_allowed, t.claimed_by, cu.full_name AS claimed_by_name, t.opened_on, t.due_date, t.overdue,
         t.completed_on, t.outcome, t.on_time_status, d.beneficiary_name, d.procedure_title, d.province_code,
         d.commune_code
    FROM tasks t
    JOIN dossiers d ON d.code = t.dossier_code
    LEFT JOIN administrative_units u ON u.code = t.unit_code
    -- claimed_by holds the officer's user id as text (the workflow only knows it as a string).
    LEFT JOIN users cu ON cu.id::text = t.claimed_by`;

export function toTask(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    dossierCode: row.dossier_code,
    kind: row.kind,
    stepKey: row.step_key,
    title: row.title,
    role: row.role,
    unitLevel: row.unit_level,
    unitCode: row.unit_code,
    unitName: row.unit_name,
    status: row.status,
    outcomes: row.outcomes,
    bulkAllowed: row.bulk_allowed,
    claimedBy: row.claimed_by,
    claimedByName: row.claimed_by_name,
    openedOn: row.opened_on,
    dueDate: row.due_date,
    overdue: row.overdue,
    completedOn: row.completed_on,
    outcome: row.outcome,
    onTimeStatus: row.on_time_status,
    beneficiaryName: row.beneficiary_name,
    procedureTitle: row.procedure_title,
    provinceCode: row.province_code,
    communeCode: row.commune_code,
  };
}

export async function findTask(db: Queryable, id: string): Promise<TaskRecord | undefined> {
  const { rows } = await db.query<TaskRow>(`${SELECT_TASKS} WHERE t.id = $1`, [id]);
  return rows[0] ? toTask(rows[0]) : undefined;
}

export async function findTasks(db: Queryable, ids: readonly string[]): Promise<TaskRecord[]> {
  const { rows } = await db.query<TaskRow>(`${SELECT_TASKS} WHERE t.id = ANY($1)`, [ids]);
  return rows.map(toTask);
}

/** The tasks of one dossier ($1), in the order they were opened. */
export const TASKS_OF_DOSSIER = 't.dossier_code = $1 ORDER BY t.created_at, t.id';

export async function tasksOfDossier(db: Queryable, code: string): Promise<TaskRecord[]> {
  const { rows } = await db.query<TaskRow>(`${SELECT_TASKS} WHERE ${TASKS_OF_DOSSIER}`, [code]);
  return rows.map(toTask);
}

/** Position in the inbox order (due date, opened, id): the page after it starts past this task. */
export interface InboxCursor {
  dueDate: string;
  openedOn: string;
  id: string;
}

export interface InboxFilter {
  unitCodes: readonly string[];
  /** Only tasks addressed to this role; undefined for read-only readers (admins, auditors). */
  role?: string;
  status: 'open' | 'done';
  stepKey?: string;
  /** Due strictly before this date. */
  dueBefore?: string;
  /** Open and past due on `today`, or done late. */
  overdue?: boolean;
  today: string;
  after?: InboxCursor;
  limit: number;
}

export async function listInbox(
  db: Queryable,
  filter: InboxFilter,
): Promise<{ tasks: TaskRecord[]; next?: InboxCursor }> {
  const { rows } = await db.query<TaskRow>(
    `${SELECT_TASKS}
      WHERE t.unit_code = ANY($1)
        AND ($2::text IS NULL OR t.role = $2)
        AND t.status = $3
        AND ($4::text IS NULL OR t.step_key = $4)
        AND ($5::date IS NULL OR t.due_date < $5)
        AND ($6::boolean IS NULL OR $6 = CASE WHEN t.status = 'open' THEN t.due_date < $7::date
                                              ELSE COALESCE(t.on_time_status = 'Quá hạn', false) END)
        AND ($8::date IS NULL OR (t.due_date, t.opened_on, t.id) > ($8::date, $9::date, $10::text))
      ORDER BY t.due_date, t.opened_on, t.id
      LIMIT $11`,
    [
      filter.unitCodes,
      filter.role ?? null,
      filter.status,
      filter.stepKey ?? null,
      filter.dueBefore ?? null,
      filter.overdue ?? null,
      filter.today,
      filter.after?.dueDate ?? null,
      filter.after?.openedOn ?? null,
      filter.after?.id ?? null,
      filter.limit + 1,
    ],
  );
  const tasks = rows.slice(0, filter.limit).map(toTask);
  const last = tasks[tasks.length - 1];
  return rows.length > filter.limit && last
    ? { tasks, next: { dueDate: last.dueDate, openedOn: last.openedOn, id: last.id } }
    : { tasks };
}
