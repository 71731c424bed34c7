/**
 * The payroll tables (migration 870): lists per commune and month, their lines, the payer's confirmations and
 * the suspensions they found. The arithmetic of a list is the domain's (domain/payroll/build.ts); this module
 * reads what it needs a batch of entitlements at a time and writes what it decided.
 */
import type { DraftLine, EntitlementLedger, UnpaidLine } from '../domain/payroll/build';
import type { ConfirmedLine, ListedLine } from '../domain/payroll/confirmation';
import type { EntitlementStatus, PayrollEntitlement } from '../domain/payroll/entitlement';
import type { Queryable } from './queryable';
import { baseLevelTable } from './base-levels';
import { amountChangesOf, baseLevelChangesOf } from './entitlement-changes';

export const PAYROLL_STATES = ['draft', 'approved', 'sent', 'reconciled', 'closed'] as const;
export type PayrollState = (typeof PAYROLL_STATES)[number];

export interface Payroll {
  id: number;
  communeCode: string;
  month: string;
  state: PayrollState;
  builtAt: string | null;
  preparedByUserId: string | null;
  preparedBy: string | null;
  /** The preparer's and approver's full names (users.full_name), what pages show. */
  preparedByName: string | null;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: string | null;
  sentAt: string | null;
  reconciledAt: string | null;
  closedAt: string | null;
  lineCount: number;
  total: number;
  paidTotal: number;
  failedTotal: number;
}

interface PayrollRow {
  id: string;
  commune_code: string;
  month: string;
  state: PayrollState;
  built_at: Date | null;
  prepared_by_user_id: string | null;
  prepared_by: string | null;
  prepared_by_name: string | null;
  approved_by: string | null;
  approved_by_name: string | null;
  approved_at: Date | null;
  sent_at: Date | null;
  reconciled_at: Date | null;
  closed_at: Date | null;
  line_count: string;
  total: string;
  paid_total: string;
  failed_total: string;
}

const iso = (at: Date | null) => (at === null ? null : at.toISOString());

function payrollOf(row: PayrollRow): Payroll {
  return {
    id: Number(row.id),
    communeCode: row.commune_code,
    month: row.month,
    state: row.state,
    builtAt: iso(row.built_at),
    preparedByUserId: row.prepared_by_user_id,
    preparedBy: row.prepared_by,
    preparedByName: row.prepared_by_name,
    approvedBy: row.approved_by,
    approvedByName: row.approved_by_name,
    approvedAt: iso(row.approved_at),
    sentAt: iso(row.sent_at),
    reconciledAt: iso(row.reconciled_at),
    closedAt: iso(row.closed_at),
    lineCount: Number(row.line_count),
    total: Number(row.total),
    paidTotal: Number(row.paid_total),
    failedTotal: Number(row.failed_total),
  };
}

const PAYROLL_SELECT = `
  SELECT p.*, coalesce(t.line_count, 0) AS line_count, coalesce(t.total, 0) AS total,
         coalesce(t.paid_total, 0) AS paid_total, coalesce(t.failed_total, 0) AS failed_total,
         pu.full_name AS prepared_by_name, au.full_name AS approved_by_name
    FROM payrolls p
    LEFT JOIN users pu ON pu.id = p.prepared_by_user_id
    LEFT JOIN users au ON au.id = p.approved_by_user_id
    LEFT JOIN LATERAL (
      SELECT count(*) AS line_count, sum(amount) AS total,
             sum(amount) FILTER (WHERE state = 'paid') AS paid_total,
             sum(amount) FILTER (WHERE state IN ('failed', 'reissued')) AS failed_total
        FROM payroll_lines WHERE payroll_id = p.id) t ON true`;

export async function findPayroll(
  db: Queryable,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<Payroll | undefined> {
  if (options.forUpdate) await db.query('SELECT 1 FROM payrolls WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await db.query<PayrollRow>(`${PAYROLL_SELECT} WHERE p.id = $1`, [id]);
  return rows[0] ? payrollOf(rows[0]) : undefined;
}

export async function findPayrollOf(
  db: Queryable,
  communeCode: string,
  month: string,
): Promise<Payroll | undefined> {
  const { rows } = await db.query<PayrollRow>(
    `${PAYROLL_SELECT} WHERE p.commune_code = $1 AND p.month = $2`,
    [communeCode, month],
  );
  return rows[0] ? payrollOf(rows[0]) : undefined;
}

export async function listPayrolls(
  db: Queryable,
  filter: { communeCodes: readonly string[]; month?: string; state?: PayrollState; limit: number },
): Promise<Payroll[]> {
  const { rows } = await db.query<PayrollRow>(
    `${PAYROLL_SELECT}
      WHERE p.commune_code = ANY($1) AND ($2::text IS NULL OR p.month = $2) AND ($3::text IS NULL OR p.state = $3)
      ORDER BY p.month DESC, p.commune_code
      LIMIT $4`,
    [[...filter.communeCodes], filter.month ?? null, filter.state ?? null, filter.limit],
  );
  return rows.map(payrollOf);
}

/**
 * The draft of a commune's list for a month, ready to be (re)built: created if missing; a draft built before
 * is emptied (its lines deleted, the unpaid lines it had issued again put back as not paid). Undefined when the
 * list has gone past draft: it is then final and is not rebuilt.
 */
export async function resetDraftPayroll(
  db: Queryable,
  input: {
    communeCode: string;
    month: string;
    preparedBy: { userId: string; username: string } | null;
    at: Date;
  },
): Promise<number | undefined> {
  const { rows } = await db.query<{ id: string; state: PayrollState }>(
    `INSERT INTO payrolls (commune_code, month, prepared_by_user_id, prepared_by, created_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (commune_code, month) DO UPDATE SET commune_code = EXCLUDED.commune_code
     RETURNING id, state`,
    [
      input.communeCode,
      input.month,
      input.preparedBy?.userId ?? null,
      input.preparedBy?.username ?? null,
      input.at,
    ],
  );
  const row = rows[0]!;
  if (row.state !== 'draft') return undefined;
  const id = Number(row.id);
  await db.query(
    `UPDATE payroll_lines SET state = 'failed'
      WHERE id IN (SELECT rolls_over_line_id FROM payroll_lines WHERE payroll_id = $1 AND rolls_over_line_id IS NOT NULL)`,
    [id],
  );
  await db.query('DELETE FROM payroll_lines WHERE payroll_id = $1', [id]);
  await db.query(
    `UPDATE payrolls SET built_at = NULL, prepared_by_user_id = $2, prepared_by = $3 WHERE id = $1`,
    [id, input.preparedBy?.userId ?? null, input.preparedBy?.username ?? null],
  );
  return id;
}

export interface BuildBatch {
  entitlements: Array<{ entitlement: PayrollEntitlement; ledger: EntitlementLedger }>;
  unpaidLines: UnpaidLine[];
  /** The last dossier code of the batch (the next batch starts after it); undefined when the batch is empty. */
  lastCode: string | undefined;
}

/**
 * Up to `limit` entitlements of the commune after `afterCode` (in code order) that a list may pay, with their
 * ledger from every other list and their lines the payer reported unpaid.
 */
export async function loadBuildBatch(
  db: Queryable,
  input: { payrollId: number; communeCode: string; afterCode: string | null; limit: number },
): Promise<BuildBatch> {
  const { rows } = await db.query<{
    dossier_code: string;
    kind: string;
    status: EntitlementStatus;
    monthly_amount: string | null;
    one_off_amount: string | null;
    start_month: string | null;
    ended_on: string | null;
    suspended_from_month: string | null;
    continued_by: string | null;
  }>(
    // A suspension's row stays when the entitlement is terminated after it ("3 months after an unremedied
    // suspension"); lifting a suspension (liftSuspension) sets the status back to 'active' and deletes the row,
    // so a later termination is not cut short by a remedied suspension.
    `SELECT e.dossier_code, e.kind, e.status, e.monthly_amount, e.one_off_amount, e.start_month,
            e.ended_on::text AS ended_on, s.suspended_from_month,
            (SELECT min(n.dossier_code) FROM entitlements n WHERE n.continues_from = e.dossier_code) AS continued_by
       FROM entitlements e LEFT JOIN entitlement_suspensions s USING (dossier_code)
      WHERE e.commune_code = $1 AND e.kind IN ('monthly', 'one_off') AND e.status <> 'paid'
        AND ($2::text IS NULL OR e.dossier_code > $2)
      ORDER BY e.dossier_code
      LIMIT $3`,
    [input.communeCode, input.afterCode, input.limit],
  );
  const codes = rows.map((row) => row.dossier_code);
  if (codes.length === 0) return { entitlements: [], unpaidLines: [], lastCode: undefined };
  // One after the other: `db` may be a transaction's single client.
  const changesOf = await baseLevelChangesOf(db, codes);
  // A relocated allowance (migration 890) counts the months its old entitlement's lists already cover: a list
  // of the old commune built before the relocation was decided paid the month after it, so the new commune
  // must not pay that month again.
  const covered = await db.query<{ dossier_code: string; last_month: string | null; one_off: boolean }>(
    `SELECT e.dossier_code, max(l.covers_month) FILTER (WHERE l.kind <> 'one_off') AS last_month,
              bool_or(l.kind = 'one_off' AND l.dossier_code = e.dossier_code) AS one_off
         FROM entitlements e
         JOIN payroll_lines l ON l.dossier_code = e.dossier_code OR l.dossier_code = e.continues_from
        WHERE e.dossier_code = ANY($1) AND l.payroll_id <> $2
        GROUP BY e.dossier_code`,
    [codes, input.payrollId],
  );
  const amountChanges = await amountChangesOf(db, codes);
  // Adjusted months pay their coefficient × the month's base level (domain/entitlement-months.ts).
  const baseLevels = await baseLevelTable(db);
  // What months from a base-level change on already hold: a line issued again counts through its new line.
  // Like `covered`, a relocated allowance counts the lines of the entitlement it continues from (attributed to
  // the new code): a month the old commune's list paid holds that amount, so a change from that month on pays
  // only the difference, never the month in full again.
  const issued = await db.query<{ dossier_code: string; covers_month: string; amount: string }>(
    `SELECT e.dossier_code, l.covers_month, sum(l.amount) AS amount
         FROM entitlements e
         JOIN payroll_lines l ON l.dossier_code = e.dossier_code OR l.dossier_code = e.continues_from
        WHERE e.dossier_code = ANY($1) AND l.payroll_id <> $2 AND l.kind <> 'one_off' AND l.state <> 'reissued'
          AND l.covers_month >= LEAST(
                (SELECT min(a.month) FROM entitlement_arrears a
                  WHERE a.dossier_code = e.dossier_code OR a.dossier_code = e.continues_from),
                (SELECT min(c.from_month) FROM entitlement_amount_changes c
                  WHERE c.entitlement_code = e.dossier_code OR c.entitlement_code = e.continues_from))
        GROUP BY e.dossier_code, l.covers_month`,
    [codes, input.payrollId],
  );
  const unpaid = await db.query<{ id: string; dossier_code: string; covers_month: string; amount: string }>(
    `SELECT id, dossier_code, covers_month, amount FROM payroll_lines
        WHERE dossier_code = ANY($1) AND payroll_id <> $2 AND state = 'failed' ORDER BY id`,
    [codes, input.payrollId],
  );
  const coveredOf = new Map(covered.rows.map((row) => [row.dossier_code, row]));
  const issuedOf = new Map<string, Map<string, number>>();
  for (const row of issued.rows) {
    const months = issuedOf.get(row.dossier_code) ?? new Map<string, number>();
    months.set(row.covers_month, Number(row.amount));
    issuedOf.set(row.dossier_code, months);
  }
  return {
    entitlements: rows.map((row) => ({
      entitlement: {
        dossierCode: row.dossier_code,
        kind: row.kind,
        status: row.status,
        monthlyAmount: row.monthly_amount === null ? null : Number(row.monthly_amount),
        oneOffAmount: row.one_off_amount === null ? null : Number(row.one_off_amount),
        startMonth: row.start_month,
        endedOn: row.ended_on,
        suspendedFromMonth: row.suspended_from_month,
        continuedBy: row.continued_by,
        baseLevelChanges: changesOf.get(row.dossier_code) ?? [],
        amountChanges: amountChanges.get(row.dossier_code) ?? [],
        baseLevels,
      },
      ledger: {
        lastCoveredMonth: coveredOf.get(row.dossier_code)?.last_month ?? null,
        issuedByMonth: issuedOf.get(row.dossier_code) ?? new Map(),
        oneOffIssued: coveredOf.get(row.dossier_code)?.one_off ?? false,
      },
    })),
    unpaidLines: unpaid.rows.map((row) => ({
      lineId: Number(row.id),
      dossierCode: row.dossier_code,
      coversMonth: row.covers_month,
      amount: Number(row.amount),
    })),
    lastCode: codes[codes.length - 1],
  };
}

/** Whether lines of the payroll exist for entitlements in (afterCode, lastCode]: a batch already written. */
export async function batchWritten(
  db: Queryable,
  payrollId: number,
  afterCode: string | null,
  lastCode: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM payroll_lines
      WHERE payroll_id = $1 AND ($2::text IS NULL OR dossier_code > $2) AND dossier_code <= $3 LIMIT 1`,
    [payrollId, afterCode, lastCode],
  );
  return rows.length > 0;
}

/** Appends lines (numbered after the payroll's last) and marks the lines they issue again as reissued. */
export async function appendLines(
  db: Queryable,
  payrollId: number,
  lines: readonly DraftLine[],
): Promise<void> {
  if (lines.length === 0) return;
  await db.query('SELECT 1 FROM payrolls WHERE id = $1 FOR UPDATE', [payrollId]);
  const { rows } = await db.query<{ last: number }>(
    'SELECT coalesce(max(line_no), 0)::int AS last FROM payroll_lines WHERE payroll_id = $1',
    [payrollId],
  );
  const first = rows[0]!.last + 1;
  await db.query(
    `INSERT INTO payroll_lines (payroll_id, line_no, dossier_code, kind, covers_month, amount, rolls_over_line_id)
     SELECT $1, n, code, kind, month, amount, rolls
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
            AS t(n, code, kind, month, amount, rolls)`,
    [
      payrollId,
      lines.map((_, index) => first + index),
      lines.map((line) => line.dossierCode),
      lines.map((line) => line.kind),
      lines.map((line) => line.coversMonth),
      lines.map((line) => line.amount),
      lines.map((line) => line.rollsOverLineId ?? null),
    ],
  );
  const rolled = lines.flatMap((line) => (line.rollsOverLineId === undefined ? [] : [line.rollsOverLineId]));
  if (rolled.length > 0) {
    await db.query(`UPDATE payroll_lines SET state = 'reissued' WHERE id = ANY($1) AND state = 'failed'`, [
      rolled,
    ]);
  }
}

export async function markBuilt(db: Queryable, payrollId: number, at: Date): Promise<void> {
  await db.query(`UPDATE payrolls SET built_at = $2 WHERE id = $1 AND state = 'draft'`, [payrollId, at]);
}

export async function setPayrollState(
  db: Queryable,
  payrollId: number,
  state: Exclude<PayrollState, 'draft'>,
  fields: { by?: { userId: string; username: string }; at: Date },
): Promise<void> {
  const userId = fields.by?.userId ?? null;
  const username = fields.by?.username ?? null;
  const [sets, extra]: [string, unknown[]] = {
    approved: ['approved_at = $3, approved_by_user_id = $4, approved_by = $5', [userId, username]],
    sent: ['sent_at = $3, sent_by = $4', [username]],
    reconciled: ['reconciled_at = $3', []],
    closed: ['closed_at = $3, closed_by = $4', [username]],
  }[state] as [string, unknown[]];
  await db.query(`UPDATE payrolls SET state = $2, ${sets} WHERE id = $1`, [
    payrollId,
    state,
    fields.at,
    ...extra,
  ]);
}

/**
 * Records who submits a draft for approval as its preparer (two-person rule): the list the schedule built has
 * none until an officer submits it.
 */
export async function setPayrollPreparer(
  db: Queryable,
  payrollId: number,
  by: { userId: string; username: string },
): Promise<void> {
  await db.query(`UPDATE payrolls SET prepared_by_user_id = $2, prepared_by = $3 WHERE id = $1`, [
    payrollId,
    by.userId,
    by.username,
  ]);
}

export interface ExportLine {
  lineNo: number;
  dossierCode: string;
  beneficiaryName: string;
  kind: DraftLine['kind'];
  coversMonth: string;
  amount: number;
  state: ListedLine['state'];
  paidOn: string | null;
  payerReference: string | null;
}

/** A payroll's lines in line order, with the beneficiary's name (the export and the printable list). */
export async function listLines(
  db: Queryable,
  payrollId: number,
  page: { limit: number; offset: number } | null = null,
  filter: { dossierCode?: string } = {},
): Promise<ExportLine[]> {
  const { rows } = await db.query<{
    line_no: number;
    dossier_code: string;
    beneficiary_name: string;
    kind: DraftLine['kind'];
    covers_month: string;
    amount: string;
    state: ListedLine['state'];
    paid_on: string | null;
    payer_reference: string | null;
  }>(
    `SELECT l.line_no, l.dossier_code, e.beneficiary_name, l.kind, l.covers_month, l.amount, l.state,
            l.paid_on::text AS paid_on, l.payer_reference
       FROM payroll_lines l JOIN entitlements e ON e.dossier_code = l.dossier_code
      WHERE l.payroll_id = $1 AND ($4::text IS NULL OR l.dossier_code = $4) ORDER BY l.line_no
      LIMIT $2 OFFSET $3`,
    [payrollId, page?.limit ?? null, page?.offset ?? 0, filter.dossierCode ?? null],
  );
  return rows.map((row) => ({
    lineNo: row.line_no,
    dossierCode: row.dossier_code,
    beneficiaryName: row.beneficiary_name,
    kind: row.kind,
    coversMonth: row.covers_month,
    amount: Number(row.amount),
    state: row.state,
    paidOn: row.paid_on,
    payerReference: row.payer_reference,
  }));
}

export async function listedLines(db: Queryable, payrollId: number): Promise<Map<number, ListedLine>> {
  const { rows } = await db.query<{
    line_no: number;
    dossier_code: string;
    amount: string;
    state: ListedLine['state'];
  }>('SELECT line_no, dossier_code, amount, state FROM payroll_lines WHERE payroll_id = $1', [payrollId]);
  return new Map(
    rows.map((row) => [
      row.line_no,
      { lineNo: row.line_no, dossierCode: row.dossier_code, amount: Number(row.amount), state: row.state },
    ]),
  );
}

export async function findConfirmation(
  db: Queryable,
  fileSha256: string,
): Promise<{ id: number; payrollId: number } | undefined> {
  const { rows } = await db.query<{ id: string; payroll_id: string }>(
    'SELECT id, payroll_id FROM payroll_confirmations WHERE file_sha256 = $1',
    [fileSha256],
  );
  return rows[0] ? { id: Number(rows[0].id), payrollId: Number(rows[0].payroll_id) } : undefined;
}

/** Records a confirmation file and sets each line it confirms (lines already so confirmed are left alone). */
export async function applyConfirmation(
  db: Queryable,
  input: { payrollId: number; fileSha256: string; lines: readonly ConfirmedLine[]; by: string; at: Date },
): Promise<{ confirmationId: number; linesChanged: number }> {
  const paid = input.lines.filter((line) => line.outcome === 'paid').length;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO payroll_confirmations (payroll_id, file_sha256, lines_paid, lines_failed, imported_by, imported_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [input.payrollId, input.fileSha256, paid, input.lines.length - paid, input.by, input.at],
  );
  const confirmationId = Number(rows[0]!.id);
  const changed = await db.query(
    `UPDATE payroll_lines l SET state = t.outcome, paid_on = t.paid_on::date, payer_reference = t.reference,
            confirmation_id = $2
       FROM unnest($3::int[], $4::text[], $5::text[], $6::text[]) AS t(line_no, outcome, paid_on, reference)
      WHERE l.payroll_id = $1 AND l.line_no = t.line_no AND l.state = 'issued'`,
    [
      input.payrollId,
      confirmationId,
      input.lines.map((line) => line.lineNo),
      input.lines.map((line) => line.outcome),
      input.lines.map((line) => line.paidOn),
      input.lines.map((line) => line.reference),
    ],
  );
  return { confirmationId, linesChanged: changed.rowCount ?? 0 };
}

export async function countIssuedLines(db: Queryable, payrollId: number): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM payroll_lines WHERE payroll_id = $1 AND state = 'issued'`,
    [payrollId],
  );
  return Number(rows[0]!.n);
}

/**
 * For entitlements with a line not paid on this list: their outcome on each of the commune's lists up to this
 * one (collected when the payer paid at least one of their lines there), newest last.
 */
export async function uncollectedHistory(
  db: Queryable,
  payrollId: number,
): Promise<Map<string, Array<{ month: string; collected: boolean }>>> {
  const { rows } = await db.query<{ dossier_code: string; month: string; collected: boolean }>(
    `SELECT l.dossier_code, p.month, bool_or(l.state = 'paid') AS collected
       FROM payroll_lines l JOIN payrolls p ON p.id = l.payroll_id
      WHERE l.dossier_code IN (SELECT dossier_code FROM payroll_lines WHERE payroll_id = $1 AND state = 'failed')
        AND p.month <= (SELECT month FROM payrolls WHERE id = $1)
        -- A lifted suspension starts the count again: only lists for months after the last lift's (legal) month.
        -- A list built a month ahead, before the suspension, holds a line of the suspension's month the payer
        -- could not pay; counted, it would suspend the allowance again the day its confirmation is imported.
        AND p.month > COALESCE(
              (SELECT max(to_char(s.lifted_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM'))
                 FROM entitlement_suspension_lifts s WHERE s.dossier_code = l.dossier_code), '')
      GROUP BY l.dossier_code, p.month
      ORDER BY l.dossier_code, p.month`,
    [payrollId],
  );
  const history = new Map<string, Array<{ month: string; collected: boolean }>>();
  for (const row of rows) {
    const list = history.get(row.dossier_code) ?? [];
    list.push({ month: row.month, collected: row.collected });
    history.set(row.dossier_code, list);
  }
  return history;
}

/** Suspends an active entitlement from a month (no-op when it is not active or already suspended). */
export async function suspendEntitlement(
  db: Queryable,
  input: { dossierCode: string; fromMonth: string; payrollId: number; reason: string; at: Date },
): Promise<boolean> {
  const updated = await db.query(
    `UPDATE entitlements SET status = 'suspended' WHERE dossier_code = $1 AND status = 'active'`,
    [input.dossierCode],
  );
  if ((updated.rowCount ?? 0) === 0) return false;
  await db.query(
    `INSERT INTO entitlement_suspensions (dossier_code, suspended_from_month, payroll_id, reason, created_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (dossier_code) DO UPDATE SET suspended_from_month = EXCLUDED.suspended_from_month,
       payroll_id = EXCLUDED.payroll_id, reason = EXCLUDED.reason, created_at = EXCLUDED.created_at`,
    [input.dossierCode, input.fromMonth, input.payrollId, input.reason, input.at],
  );
  return true;
}

/** One-off entitlements whose line this list paid are settled: status 'paid'. */
export async function settlePaidOneOffs(db: Queryable, payrollId: number): Promise<void> {
  await db.query(
    `UPDATE entitlements e SET status = 'paid'
      WHERE e.status = 'active' AND e.kind = 'one_off'
        AND EXISTS (SELECT 1 FROM payroll_lines l
                     WHERE l.payroll_id = $1 AND l.dossier_code = e.dossier_code AND l.kind = 'one_off'
                       AND l.state = 'paid')`,
    [payrollId],
  );
}

/**
 * The communes a schedule's unit builds, those with entitlements: itself if a commune, else the communes under
 * it (any depth; a district abolished by the two-tier reform still covers its former communes) except those
 * under a unit below it with a schedule of its own — that schedule builds them (app/payrolls/schedule.ts), so
 * each commune's list is built by one schedule, the nearest.
 */
export async function communesUnder(db: Queryable, unitCode: string): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(
    `WITH RECURSIVE tree AS (
       SELECT code, level FROM administrative_units WHERE code = $1
       UNION
       SELECT u.code, u.level FROM administrative_units u
         JOIN tree t ON u.parent_code = t.code OR u.former_parent_code = t.code
     ), claimed AS (
       -- By either parent link: a commune under a scheduled former district is that district's, even when the
       -- province reaches it directly too.
       SELECT s.unit_code AS code FROM payroll_schedules s
        WHERE s.unit_code <> $1 AND s.unit_code IN (SELECT code FROM tree)
       UNION
       SELECT u.code FROM administrative_units u
         JOIN claimed c ON u.parent_code = c.code OR u.former_parent_code = c.code
     )
     SELECT DISTINCT code FROM tree
      WHERE level = 'commune' AND code NOT IN (SELECT code FROM claimed)
        AND EXISTS (SELECT 1 FROM entitlements e WHERE e.commune_code = tree.code)
      ORDER BY code`,
    [unitCode],
  );
  return rows.map((row) => row.code);
}

/** The suspension in force of an entitlement and when it was recorded; `lock` locks its row. */
export async function findSuspension(
  db: Queryable,
  dossierCode: string,
  options: { lock?: boolean } = {},
): Promise<{ suspendedFromMonth: string; payrollId: number; suspendedAt: Date } | undefined> {
  const { rows } = await db.query<{ suspended_from_month: string; payroll_id: string; created_at: Date }>(
    `SELECT suspended_from_month, payroll_id, created_at FROM entitlement_suspensions
      WHERE dossier_code = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
    [dossierCode],
  );
  const row = rows[0];
  return (
    row && {
      suspendedFromMonth: row.suspended_from_month,
      payrollId: Number(row.payroll_id),
      suspendedAt: row.created_at,
    }
  );
}

/**
 * The entitlement's status, its row locked until the transaction ends: a termination or a lift decided
 * meanwhile waits, so what is decided on the status read here still holds when it is written.
 */
export async function lockEntitlementStatus(db: Queryable, dossierCode: string): Promise<string | undefined> {
  const { rows } = await db.query<{ status: string }>(
    'SELECT status FROM entitlements WHERE dossier_code = $1 FOR UPDATE',
    [dossierCode],
  );
  return rows[0]?.status;
}

/**
 * Lifts a suspension: the entitlement is active again and its suspension moves to the lifts' history. The next
 * list pays the suspended months as arrears and issues the unpaid lines again (domain/payroll/build.ts): a
 * remedied suspension owes the months it held back.
 */
export async function liftSuspension(
  db: Queryable,
  input: {
    dossierCode: string;
    suspension: { suspendedFromMonth: string; payrollId: number };
    remediedOn: string;
    remedy: string;
    by: string;
    at: Date;
  },
): Promise<void> {
  const updated = await db.query(
    `UPDATE entitlements SET status = 'active' WHERE dossier_code = $1 AND status = 'suspended'`,
    [input.dossierCode],
  );
  // The caller locked the row and checked 'suspended' (lockEntitlementStatus): anything else is a bug, and
  // the transaction rolls back rather than record a lift of an allowance that is not suspended.
  if ((updated.rowCount ?? 0) === 0) throw new Error(`entitlement ${input.dossierCode} is not suspended`);
  await db.query('DELETE FROM entitlement_suspensions WHERE dossier_code = $1', [input.dossierCode]);
  await db.query(
    `INSERT INTO entitlement_suspension_lifts (dossier_code, suspended_from_month, payroll_id, remedied_on, remedy,
       lifted_by, lifted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      input.dossierCode,
      input.suspension.suspendedFromMonth,
      input.suspension.payrollId,
      input.remediedOn,
      input.remedy,
      input.by,
      input.at,
    ],
  );
}
