import type { Pool } from 'pg';
import { DEFAULT_BASE_LEVELS } from '../../domain/base-level';
import { lockEntitlementAmounts, recomputeEntitlementsForBaseLevel } from '../../db/entitlement-arrears';
import { inTransaction } from '../../db/queryable';

export interface TestBaseLevel {
  effectiveFrom: string;
  amount: number;
  legalBasis: string;
}

/**
 * A new base level confirmed on a chosen day, as the admin's confirmation records it (a confirmed proposal, then
 * every allowance recomputed with its back pay) — without the page, so a payroll test controls the dates.
 */
export async function confirmBaseLevel(
  pool: Pool,
  level: TestBaseLevel,
  options: { confirmedOn: string; at?: Date; dossierCode?: string },
): Promise<void> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO reference_proposals (kind, payload, source_reference, source_issuer, confidence, status,
       decided_at, decided_by)
     VALUES ('base_level', $1, 'Nghị định thử nghiệm', 'Chính phủ', 'verified', 'confirmed', now(), 'admin.75')
     RETURNING id`,
    [JSON.stringify(level)],
  );
  await inTransaction(pool, async (client) => {
    await lockEntitlementAmounts(client);
    await recomputeEntitlementsForBaseLevel(
      client,
      {
        proposalId: Number(rows[0]!.id),
        effectiveFrom: level.effectiveFrom,
        confirmedOn: options.confirmedOn,
        tableBefore: DEFAULT_BASE_LEVELS,
        tableAfter: [...DEFAULT_BASE_LEVELS, level],
      },
      options.at ?? new Date(),
      { dossierCode: options.dossierCode },
    );
  });
}
