/**
 * Changes to monthly entitlements (migration 890; domain/entitlement-changes.ts): the request kept under a
 * change dossier's code, the entitlement as the rules read it, the amount changes adjustments decided, and the
 * decision's effect applied to the read model in the decision's own transaction.
 */
import type { PoolClient } from 'pg';
import type {
  ChangeableEntitlement,
  EntitlementChangeEffect,
  EntitlementChangeRequest,
  TerminationReason,
} from '../domain/entitlement-changes';
import type { AmountChange, BaseLevelChangeMonth } from '../domain/entitlement-months';
import { baseLevelTable } from './base-levels';
import type { Queryable } from './queryable';
import { changeEntitlement } from './report-summaries';

export interface StoredEntitlement extends ChangeableEntitlement {
  dossierCode: string;
  beneficiaryName: string;
  payerRole: string;
  continuesFrom: string | null;
  amountChanges: AmountChange[];
}

interface EntitlementRow {
  dossier_code: string;
  beneficiary_name: string;
  kind: string;
  monthly_amount: string | null;
  start_month: string | null;
  payer_role: string;
  commune_code: string;
  status: string;
  ended_on: string | null;
  continues_from: string | null;
}

/** The amount changes of some entitlements, each list in the order decided (monthlyAmountFor's tie rule). */
export async function amountChangesOf(
  db: Queryable,
  entitlementCodes: readonly string[],
): Promise<Map<string, AmountChange[]>> {
  const { rows } = await db.query<{
    entitlement_code: string;
    from_month: string;
    monthly_amount: string;
    coefficient: string | null;
    decided_on: string;
  }>(
    `SELECT entitlement_code, from_month, monthly_amount, coefficient, decided_on::text AS decided_on
       FROM entitlement_amount_changes
      WHERE entitlement_code = ANY($1) ORDER BY decided_on, created_at`,
    [entitlementCodes],
  );
  const byCode = new Map<string, AmountChange[]>();
  for (const row of rows) {
    const list = byCode.get(row.entitlement_code) ?? [];
    list.push({
      fromMonth: row.from_month,
      monthlyAmount: Number(row.monthly_amount),
      coefficient: row.coefficient === null ? null : Number(row.coefficient),
      decidedOn: row.decided_on,
    });
    byCode.set(row.entitlement_code, list);
  }
  return byCode;
}

/**
 * The base-level changes confirmed after months each entitlement covers (`entitlement_arrears`, one row per month
 * and change), oldest change first within a month; `confirmedOn` the legal date the row was written (the
 * confirmation). The payroll and the change dossiers read amounts through the same rows.
 */
export async function baseLevelChangesOf(
  db: Queryable,
  entitlementCodes: readonly string[],
): Promise<Map<string, BaseLevelChangeMonth[]>> {
  const { rows } = await db.query<{
    dossier_code: string;
    month: string;
    proposal_id: string;
    previous_amount: string;
    new_amount: string;
    confirmed_on: string;
  }>(
    `SELECT dossier_code, month, proposal_id, previous_amount, new_amount,
            to_char(created_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS confirmed_on
       FROM entitlement_arrears
      WHERE dossier_code = ANY($1) ORDER BY dossier_code, month, proposal_id`,
    [entitlementCodes],
  );
  const byCode = new Map<string, BaseLevelChangeMonth[]>();
  for (const row of rows) {
    const list = byCode.get(row.dossier_code) ?? [];
    list.push({
      month: row.month,
      proposalId: Number(row.proposal_id),
      previousAmount: Number(row.previous_amount),
      newAmount: Number(row.new_amount),
      confirmedOn: row.confirmed_on,
    });
    byCode.set(row.dossier_code, list);
  }
  return byCode;
}

/** One entitlement with its amount changes; `lock` holds its row until the caller's transaction ends. */
export async function findEntitlement(
  db: Queryable,
  code: string,
  options: { lock?: boolean } = {},
): Promise<StoredEntitlement | undefined> {
  const { rows } = await db.query<EntitlementRow>(
    `SELECT dossier_code, beneficiary_name, kind, monthly_amount, start_month, payer_role, commune_code, status,
            ended_on, continues_from
       FROM entitlements WHERE dossier_code = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
    [code],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    dossierCode: row.dossier_code,
    beneficiaryName: row.beneficiary_name,
    kind: row.kind,
    monthlyAmount: Number(row.monthly_amount ?? 0),
    startMonth: row.start_month ?? '',
    payerRole: row.payer_role,
    communeCode: row.commune_code,
    status: row.status,
    endedOn: row.ended_on,
    continuesFrom: row.continues_from,
    amountChanges: (await amountChangesOf(db, [code])).get(code) ?? [],
    baseLevelChanges: (await baseLevelChangesOf(db, [code])).get(code) ?? [],
    baseLevels: await baseLevelTable(db),
  };
}

/** The code of a change dossier of this entitlement still being decided, if any (one at a time). */
export async function changeInProgress(db: Queryable, entitlementCode: string): Promise<string | undefined> {
  const { rows } = await db.query<{ dossier_code: string }>(
    `SELECT c.dossier_code FROM entitlement_changes c
       LEFT JOIN dossiers d ON d.code = c.dossier_code
      WHERE c.entitlement_code = $1 AND c.applied_at IS NULL
        AND (d.code IS NULL OR d.status NOT IN ('completed', 'refused', 'intake_refused', 'withdrawn'))
      LIMIT 1`,
    [entitlementCode],
  );
  return rows[0]?.dossier_code;
}

export async function insertChangeRequest(
  db: Queryable,
  input: {
    dossierCode: string;
    entitlementCode: string;
    request: EntitlementChangeRequest;
    requestedBy: string;
    requestedAt: Date;
  },
): Promise<void> {
  const { request } = input;
  await db.query(
    `INSERT INTO entitlement_changes (dossier_code, entitlement_code, kind, reason_code, event_date, from_month,
       new_monthly_amount, new_commune_code, details, requested_by, requested_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      input.dossierCode,
      input.entitlementCode,
      request.kind,
      request.kind === 'termination' ? request.reasonCode : null,
      request.kind === 'termination'
        ? request.eventDate
        : request.kind === 'relocation'
          ? request.relocatedOn
          : null,
      request.kind === 'adjustment' ? request.fromMonth : null,
      request.kind === 'adjustment' ? request.newMonthlyAmount : null,
      request.kind === 'relocation' ? request.newCommuneCode : null,
      (request.kind === 'adjustment' ? request.reason : request.details) ?? null,
      input.requestedBy,
      input.requestedAt,
    ],
  );
}

/** The request a change dossier carries, with the entitlement it changes. */
export async function findChangeRequest(
  db: Queryable,
  dossierCode: string,
): Promise<{ entitlementCode: string; request: EntitlementChangeRequest } | undefined> {
  const { rows } = await db.query<{
    entitlement_code: string;
    kind: EntitlementChangeRequest['kind'];
    reason_code: string | null;
    event_date: string | null;
    from_month: string | null;
    new_monthly_amount: string | null;
    new_commune_code: string | null;
    details: string | null;
  }>(`SELECT * FROM entitlement_changes WHERE dossier_code = $1`, [dossierCode]);
  const row = rows[0];
  if (!row) return undefined;
  const details = row.details ?? undefined;
  const request: EntitlementChangeRequest =
    row.kind === 'termination'
      ? {
          kind: 'termination',
          reasonCode: row.reason_code as TerminationReason,
          eventDate: row.event_date!,
          ...(details ? { details } : {}),
        }
      : row.kind === 'adjustment'
        ? {
            kind: 'adjustment',
            fromMonth: row.from_month!,
            newMonthlyAmount: Number(row.new_monthly_amount),
            reason: details ?? '',
          }
        : {
            kind: 'relocation',
            relocatedOn: row.event_date!,
            newCommuneCode: row.new_commune_code!,
            ...(details ? { details } : {}),
          };
  return { entitlementCode: row.entitlement_code, request };
}

/**
 * The decision's effect, in the transaction that records the decision (decision_issued's projection): the
 * old entitlement ends (`ended_on` = the event's date, status 'terminated'), an adjustment's amount is added,
 * a relocation's new entitlement is created at the new commune keyed by the change dossier's code. Each
 * statement is guarded so a projection run twice changes nothing the second time.
 */
export async function applyEntitlementChange(
  client: PoolClient,
  changeDossierCode: string,
  effect: EntitlementChangeEffect,
  decidedOn: string,
  at: string,
): Promise<void> {
  if (effect.kind === 'termination' || effect.kind === 'relocation') {
    // Through the report summaries' own door, so the stop is counted as the rebuild would count it; a
    // relocation's new entitlement is written inside it too: the old one counts until the new one's first month.
    await changeEntitlement(client, effect.entitlementCode, async () => {
      await client.query(
        `UPDATE entitlements SET status = 'terminated', ended_on = $2 WHERE dossier_code = $1 AND ended_on IS NULL`,
        [effect.entitlementCode, effect.endedOn],
      );
      if (effect.kind === 'relocation') await openRelocatedEntitlement(client, changeDossierCode, effect, at);
    });
  }
  if (effect.kind === 'adjustment') {
    // Through the summaries' door too: the monthly amount totals count an entitlement at its adjusted amount.
    await changeEntitlement(client, effect.entitlementCode, async () => {
      await client.query(
        `INSERT INTO entitlement_amount_changes (entitlement_code, from_month, monthly_amount, coefficient,
           decided_by_dossier, decided_on, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [
          effect.entitlementCode,
          effect.fromMonth,
          effect.newMonthlyAmount,
          effect.coefficient ?? null,
          changeDossierCode,
          decidedOn,
          at,
        ],
      );
    });
  }
  await client.query(
    `UPDATE entitlement_changes SET applied_at = $2 WHERE dossier_code = $1 AND applied_at IS NULL`,
    [changeDossierCode, at],
  );
}

/** A relocation's new entitlement at the new commune, keyed by the change dossier's code, from the month after. */
async function openRelocatedEntitlement(
  client: PoolClient,
  changeDossierCode: string,
  effect: Extract<EntitlementChangeEffect, { kind: 'relocation' }>,
  at: string,
): Promise<void> {
  await client.query(
    `INSERT INTO entitlements (dossier_code, beneficiary_name, kind, monthly_amount, one_off_amount, start_month,
       payer_role, commune_code, status, created_at, continues_from)
     SELECT $1, beneficiary_name, 'monthly', $2, NULL, $3, payer_role, $4, 'active', $5, dossier_code
       FROM entitlements WHERE dossier_code = $6
     ON CONFLICT (dossier_code) DO NOTHING`,
    [
      changeDossierCode,
      effect.monthlyAmount,
      effect.startMonth,
      effect.newCommuneCode,
      at,
      effect.entitlementCode,
    ],
  );
  // The adjustment in force in the new entitlement's first month goes with the person, from that month: its
  // coefficient (not the first decision's) is what later base levels multiply at the new commune.
  await client.query(
    `INSERT INTO entitlement_amount_changes (entitlement_code, from_month, monthly_amount, coefficient,
       decided_by_dossier, decided_on, created_at)
     SELECT $1, $3, monthly_amount, coefficient, decided_by_dossier, decided_on, created_at
       FROM entitlement_amount_changes WHERE entitlement_code = $2 AND from_month <= $3
      ORDER BY from_month DESC, decided_on DESC, created_at DESC LIMIT 1
     ON CONFLICT DO NOTHING`,
    [changeDossierCode, effect.entitlementCode, effect.startMonth],
  );
  // Adjustments decided for months after the move go with the person to the new commune.
  await client.query(
    `INSERT INTO entitlement_amount_changes (entitlement_code, from_month, monthly_amount, coefficient,
       decided_by_dossier, decided_on, created_at)
     SELECT $1, from_month, monthly_amount, coefficient, decided_by_dossier, decided_on, created_at
       FROM entitlement_amount_changes WHERE entitlement_code = $2 AND from_month > $3
     ON CONFLICT DO NOTHING`,
    [changeDossierCode, effect.entitlementCode, effect.startMonth],
  );
}
