/**
 * Recomputing monthly entitlements after a base level is confirmed (migration 840): the active monthly
 * entitlements with their decision's coefficient, the arrears rows per entitlement, month and base-level change,
 * and their sums. The arithmetic is the domain's (domain/base-level-arrears.ts).
 */
import { baseLevelArrears, baseLevelOn, monthlyAmountInMonth, type BaseLevelEntry } from '../domain/benefits';
import type { Queryable } from './queryable';
import { changeEntitlement } from './report-summaries';

/** What recomputing one base-level change needs, stored with the confirmed proposal so a re-run is the same. */
export interface BaseLevelChange {
  proposalId: number;
  effectiveFrom: string;
  /** The legal date of the confirmation: months up to its month were paid at the old amount. */
  confirmedOn: string;
  tableBefore: readonly BaseLevelEntry[];
  tableAfter: readonly BaseLevelEntry[];
}

export interface RecomputeResult {
  /** Active or suspended monthly entitlements whose current amount changed. */
  amountsChanged: number;
  /** Arrears rows written by this run (0 on a re-run). */
  arrearsRowsWritten: number;
}

interface EntitlementRow {
  dossier_code: string;
  start_month: string | null;
  monthly_amount: string | null;
  coefficient: string;
  signed_on: string;
  base_level: string;
  status: string;
  /** 'YYYY-MM' of `ended_on`, the last month paid of a terminated entitlement. */
  ended_month: string | null;
}

/**
 * In the caller's transaction: every active or suspended monthly entitlement (and every terminated one that ended
 * on or after the effective month, for its months up to its end) decided with the old table (on or
 * before the confirmation) gets the amount of the confirmation's month (or of its first month, if later) under
 * the new table, and one arrears row per month from the effective month to the confirmation's month whose
 * amount changed. A suspended one too: if its suspension is lifted, the list that pays the months held back
 * reads these rows and pays them at the new level. Rows already written for the change are kept as they are (a
 * re-run writes nothing); an entitlement decided with the new level already has it and is left alone.
 */
export async function recomputeEntitlementsForBaseLevel(
  db: Queryable,
  change: BaseLevelChange,
  at: Date | string,
  options: { dossierCode?: string } = {},
): Promise<RecomputeResult> {
  const { rows } = await db.query<EntitlementRow>(
    // A terminated one too when it ended on or after the effective month (a death, a move before the
    // confirmation): the months it was still paid are owed at the new level, up to the month of its end.
    `SELECT e.dossier_code, e.start_month, e.monthly_amount, d.coefficient, d.signed_on, d.base_level,
            e.status, to_char(e.ended_on, 'YYYY-MM') AS ended_month
       FROM entitlements e JOIN decisions d ON d.dossier_code = e.dossier_code
      WHERE (e.status IN ('active', 'suspended')
             OR (e.status = 'terminated' AND e.ended_on IS NOT NULL AND to_char(e.ended_on, 'YYYY-MM') >= $3))
        AND e.kind = 'monthly' AND d.coefficient IS NOT NULL AND d.signed_on <= $1
        AND ($2::text IS NULL OR e.dossier_code = $2)
      ORDER BY e.dossier_code
        FOR UPDATE OF e`,
    [change.confirmedOn, options.dossierCode ?? null, change.effectiveFrom.slice(0, 7)],
  );
  const confirmedMonth = change.confirmedOn.slice(0, 7);
  let amountsChanged = 0;
  let arrearsRowsWritten = 0;
  for (const row of rows) {
    if (Number(row.base_level) !== baseLevelOn(row.signed_on, change.tableBefore)) continue;
    const coefficient = Number(row.coefficient);
    const startMonth = row.start_month ?? row.signed_on.slice(0, 7);
    const ended = row.status === 'terminated' && row.ended_month !== null;
    const throughMonth = ended && row.ended_month! < confirmedMonth ? row.ended_month! : confirmedMonth;
    // The amount it pays now, or from its first month when that is still to come. An ended one pays nothing
    // now: its amount stays as decided, only its months get rows.
    const current = monthlyAmountInMonth(
      startMonth > throughMonth ? startMonth : throughMonth,
      coefficient,
      change.tableAfter,
    );
    if (!ended && Number(row.monthly_amount) !== current) {
      // Through the summaries' entry point: the beneficiaries report sums current amounts.
      await changeEntitlement(db, row.dossier_code, async () => {
        await db.query('UPDATE entitlements SET monthly_amount = $2 WHERE dossier_code = $1', [
          row.dossier_code,
          current,
        ]);
      });
      amountsChanged += 1;
    }
    const months = baseLevelArrears({
      coefficient,
      startMonth,
      effectiveFrom: change.effectiveFrom,
      throughMonth,
      tableBefore: change.tableBefore,
      tableAfter: change.tableAfter,
    });
    for (const month of months) {
      const written = await db.query(
        `INSERT INTO entitlement_arrears (dossier_code, month, proposal_id, previous_amount, new_amount, amount,
           created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [
          row.dossier_code,
          month.month,
          change.proposalId,
          month.previousAmount,
          month.newAmount,
          month.amount,
          at,
        ],
      );
      arrearsRowsWritten += written.rowCount ?? 0;
    }
  }
  return { amountsChanged, arrearsRowsWritten };
}

/**
 * Serialises a base level's confirmation with the recording of a new entitlement (both take it in their
 * transaction): a decision computed with the old table whose entitlement is written while, or after, the level
 * is confirmed would otherwise be missed by the confirmation's recompute.
 */
export async function lockEntitlementAmounts(db: Queryable): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtextextended('entitlement_amounts', 0))");
}

/**
 * For an entitlement just recorded: the base-level changes confirmed so far, applied to it as their
 * confirmation would have (nothing when its decision already used the new level or was signed after them).
 */
export async function applyConfirmedBaseLevelChanges(
  db: Queryable,
  dossierCode: string,
  at: Date | string,
): Promise<void> {
  await lockEntitlementAmounts(db);
  const { rows } = await db.query<{ change: BaseLevelChange }>(
    `SELECT outcome -> 'change' AS change FROM reference_proposals
      WHERE kind = 'base_level' AND status = 'confirmed' AND outcome ? 'change'
      ORDER BY decided_at, id`,
  );
  for (const row of rows) await recomputeEntitlementsForBaseLevel(db, row.change, at, { dossierCode });
}

export interface ArrearsSummary {
  /** Entitlements with arrears. */
  entitlements: number;
  months: number;
  /** VND. */
  total: number;
}

export interface EntitlementArrears {
  dossierCode: string;
  communeCode: string;
  monthlyAmount: number | null;
  total: number;
  months: Array<{
    month: string;
    proposalId: number;
    previousAmount: number;
    newAmount: number;
    amount: number;
  }>;
}

/** The arrears of one change (or of all), for entitlements in the given communes; sums included. */
export async function listArrears(
  db: Queryable,
  filter: { proposalId?: number; dossierCode?: string; communeCodes: readonly string[] },
): Promise<{ summary: ArrearsSummary; entitlements: EntitlementArrears[] }> {
  const { rows } = await db.query<{
    dossier_code: string;
    commune_code: string;
    monthly_amount: string | null;
    month: string;
    proposal_id: string;
    previous_amount: string;
    new_amount: string;
    amount: string;
  }>(
    `SELECT a.dossier_code, e.commune_code, e.monthly_amount, a.month, a.proposal_id, a.previous_amount,
            a.new_amount, a.amount
       FROM entitlement_arrears a JOIN entitlements e ON e.dossier_code = a.dossier_code
      WHERE ($1::bigint IS NULL OR a.proposal_id = $1) AND ($2::text IS NULL OR a.dossier_code = $2)
        AND e.commune_code = ANY($3)
      ORDER BY a.dossier_code, a.month, a.proposal_id`,
    [filter.proposalId ?? null, filter.dossierCode ?? null, [...filter.communeCodes]],
  );
  const byCode = new Map<string, EntitlementArrears>();
  for (const row of rows) {
    let entry = byCode.get(row.dossier_code);
    if (!entry) {
      entry = {
        dossierCode: row.dossier_code,
        communeCode: row.commune_code,
        monthlyAmount: row.monthly_amount === null ? null : Number(row.monthly_amount),
        total: 0,
        months: [],
      };
      byCode.set(row.dossier_code, entry);
    }
    const amount = Number(row.amount);
    entry.total += amount;
    entry.months.push({
      month: row.month,
      proposalId: Number(row.proposal_id),
      previousAmount: Number(row.previous_amount),
      newAmount: Number(row.new_amount),
      amount,
    });
  }
  const entitlements = [...byCode.values()];
  return {
    summary: {
      entitlements: entitlements.length,
      months: rows.length,
      total: entitlements.reduce((sum, entry) => sum + entry.total, 0),
    },
    entitlements,
  };
}

/** Sums of one change over every entitlement (the confirmation's outcome, for every reader of it). */
export async function arrearsSummaryOf(db: Queryable, proposalId: number): Promise<ArrearsSummary> {
  const { rows } = await db.query<{ entitlements: string; months: string; total: string }>(
    `SELECT count(DISTINCT dossier_code) AS entitlements, count(*) AS months, coalesce(sum(amount), 0) AS total
       FROM entitlement_arrears WHERE proposal_id = $1`,
    [proposalId],
  );
  const row = rows[0]!;
  return { entitlements: Number(row.entitlements), months: Number(row.months), total: Number(row.total) };
}
