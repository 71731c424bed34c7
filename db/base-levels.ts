/**
 * The base level (mức chuẩn trợ giúp xã hội) table: the domain's defaults (verified decrees) merged with the
 * levels admins add. A stored level on the same day as a default replaces it, so an admin can correct one.
 */
import { DEFAULT_BASE_LEVELS, type BaseLevelEntry } from '../domain/base-level';
import type { Queryable } from './queryable';

export interface BaseLevelRecord extends BaseLevelEntry {
  source: 'default' | 'stored';
  createdAt?: string;
  createdBy?: string;
}

interface BaseLevelRow {
  effective_from: string;
  effective_to: string | null;
  amount: number;
  legal_basis: string;
  created_at: Date;
  created_by: string | null;
}

export async function baseLevelRecords(db: Queryable): Promise<BaseLevelRecord[]> {
  const { rows } = await db.query<BaseLevelRow>('SELECT * FROM base_levels ORDER BY effective_from');
  const byDate = new Map<string, BaseLevelRecord>(
    DEFAULT_BASE_LEVELS.map((entry) => [entry.effectiveFrom, { ...entry, source: 'default' as const }]),
  );
  for (const row of rows) {
    byDate.set(row.effective_from, {
      effectiveFrom: row.effective_from,
      ...(row.effective_to ? { effectiveTo: row.effective_to } : {}),
      amount: row.amount,
      legalBasis: row.legal_basis,
      source: 'stored',
      createdAt: row.created_at.toISOString(),
      ...(row.created_by ? { createdBy: row.created_by } : {}),
    });
  }
  return [...byDate.values()].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}

/** The table `baseLevelOn` / `monthlyAmountOn` (domain/base-level.ts) take, sorted by date. */
export async function baseLevelTable(db: Queryable): Promise<BaseLevelEntry[]> {
  return (await baseLevelRecords(db)).map(({ effectiveFrom, effectiveTo, amount, legalBasis }) => ({
    effectiveFrom,
    ...(effectiveTo ? { effectiveTo } : {}),
    amount,
    legalBasis,
  }));
}

/**
 * Stores a level; undefined when a stored level already starts that day (the caller answers 409). `createdAt`:
 * the application's clock (the pages show it beside "today"), the database's own when omitted.
 */
export async function insertBaseLevel(
  db: Queryable,
  entry: BaseLevelEntry,
  createdBy: string,
  createdAt?: Date,
): Promise<BaseLevelRecord | undefined> {
  const { rows } = await db.query<BaseLevelRow>(
    `INSERT INTO base_levels (effective_from, amount, legal_basis, created_by, created_at, effective_to)
     VALUES ($1, $2, $3, $4, COALESCE($5, now()), $6)
     ON CONFLICT (effective_from) DO NOTHING RETURNING *`,
    [
      entry.effectiveFrom,
      entry.amount,
      entry.legalBasis,
      createdBy,
      createdAt ?? null,
      entry.effectiveTo ?? null,
    ],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    effectiveFrom: row.effective_from,
    ...(row.effective_to ? { effectiveTo: row.effective_to } : {}),
    amount: row.amount,
    legalBasis: row.legal_basis,
    source: 'stored',
    createdAt: row.created_at.toISOString(),
    createdBy,
  };
}
