/**
 * Procedure versions: the seeded definitions (domain/procedures/seeds) merged with the versions admins
 * publish into procedure_versions. The dossier workflow snapshots `procedureInForce(pool, id, receivedOn)`
 * at intake, so a dossier keeps the version it was received under whatever is published later.
 *
 * Which version is in force on a date: among the versions whose [effectiveFrom, effectiveTo] contains the
 * date, the one with the latest effectiveFrom; on a tie, the higher version number. So a version published
 * to start on 2026-01-01 takes over from that day even though the version before it has no end date, and
 * dossiers received before then keep the earlier one.
 */
import type { Pool, PoolClient } from 'pg';
import { parseIsoDate } from '../domain/iso-date';
import {
  DEFAULT_PROCEDURES,
  ProcedureDefinitionSchema,
  selectProcedure,
  type ProcedureDefinition,
} from '../domain/procedures';
import { inTransaction, type Queryable } from './queryable';

export interface ProcedureVersionRecord {
  definition: ProcedureDefinition;
  /** 'seed': shipped with the engine; 'published': added by an admin. */
  source: 'seed' | 'published';
  publishedAt?: string;
  publishedBy?: string;
}

interface VersionRow {
  procedure_id: string;
  version: number;
  definition: unknown;
  published_at: Date;
  published_by: string | null;
}

function fromRow(row: VersionRow): ProcedureVersionRecord {
  // Stored definitions were validated when published; parsing again applies today's defaults and fails
  // loudly if the schema has moved on in a way the stored data no longer fits.
  const definition = ProcedureDefinitionSchema.parse(row.definition);
  return {
    definition,
    source: 'published',
    publishedAt: row.published_at.toISOString(),
    ...(row.published_by ? { publishedBy: row.published_by } : {}),
  };
}

function seedRecords(procedureId?: string): ProcedureVersionRecord[] {
  return DEFAULT_PROCEDURES.filter(
    (definition) => procedureId === undefined || definition.id === procedureId,
  ).map((definition) => ({ definition, source: 'seed' as const }));
}

function byIdAndVersion(a: ProcedureVersionRecord, b: ProcedureVersionRecord): number {
  return a.definition.id.localeCompare(b.definition.id) || a.definition.version - b.definition.version;
}

/** Every version of one procedure, seeded and published, by version number. Empty for an unknown id. */
export async function loadProcedureVersions(
  db: Queryable,
  procedureId: string,
): Promise<ProcedureVersionRecord[]> {
  const { rows } = await db.query<VersionRow>(
    'SELECT * FROM procedure_versions WHERE procedure_id = $1 ORDER BY version',
    [procedureId],
  );
  return [...seedRecords(procedureId), ...rows.map(fromRow)].sort(byIdAndVersion);
}

/** Every version of every procedure, by id then version. */
export async function loadAllProcedureVersions(db: Queryable): Promise<ProcedureVersionRecord[]> {
  const { rows } = await db.query<VersionRow>(
    'SELECT * FROM procedure_versions ORDER BY procedure_id, version',
  );
  return [...seedRecords(), ...rows.map(fromRow)].sort(byIdAndVersion);
}

/**
 * The definition of `procedureId` in force on `date` (YYYY-MM-DD), by the domain's rule over seeded and
 * published versions. Throws DomainError UNKNOWN_PROCEDURE or NO_PROCEDURE_IN_FORCE (the API answers 404)
 * and INVALID_DATE for a malformed date.
 */
export async function procedureInForce(
  db: Queryable,
  procedureId: string,
  date: string,
): Promise<ProcedureDefinition> {
  parseIsoDate(date, 'date');
  const versions = (await loadProcedureVersions(db, procedureId)).map((record) => record.definition);
  return selectProcedure(procedureId, date, versions);
}

/**
 * Stores `definition` as the next version of its procedure (previous highest, seeded or published, + 1);
 * the version in `definition` is replaced; `db` is the pool or a client inside a transaction. Publications of one procedure are serialised by an advisory
 * lock so two admins publishing at once get consecutive numbers.
 */
export async function publishProcedureVersion(
  db: Pool | PoolClient,
  definition: ProcedureDefinition,
  publishedBy: string,
  publishedAt: Date = new Date(),
): Promise<ProcedureVersionRecord> {
  // A client is already inside its caller's transaction (the pages claim an idempotency key in it): the lock
  // and the insert join that transaction, so the key and the version commit or roll back together.
  if (!isPool(db)) return insertNextVersion(db, definition, publishedBy, publishedAt);
  return inTransaction(db, (client) => insertNextVersion(client, definition, publishedBy, publishedAt));
}

function isPool(db: Pool | PoolClient): db is Pool {
  return 'totalCount' in db;
}

async function insertNextVersion(
  client: PoolClient,
  definition: ProcedureDefinition,
  publishedBy: string,
  publishedAt: Date,
): Promise<ProcedureVersionRecord> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`procedure ${definition.id}`]);
  const existing = await loadProcedureVersions(client, definition.id);
  const version = Math.max(0, ...existing.map((record) => record.definition.version)) + 1;
  const stored = ProcedureDefinitionSchema.parse({ ...definition, version });
  const { rows } = await client.query<VersionRow>(
    `INSERT INTO procedure_versions
       (procedure_id, version, effective_from, effective_to, definition, published_by, published_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [
      stored.id,
      stored.version,
      stored.effectiveFrom,
      stored.effectiveTo ?? null,
      JSON.stringify(stored),
      publishedBy,
      publishedAt,
    ],
  );
  return fromRow(rows[0] as VersionRow);
}
