import type { Pool, PoolClient } from 'pg';

/** Either the pool or a client inside a transaction: query modules accept both. */
export type Queryable = Pool | PoolClient;

/** Runs `work` in a transaction on one client; rolls back on any error. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Runs `work` in a transaction: its own on a pool, or the caller's when given a client (a page runs a use case
 * inside its idempotency-key transaction, db/idempotency.ts, so the work and the key commit together).
 */
export async function inTransactionOf<T>(
  db: Queryable,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  return isPoolClient(db) ? work(db) : inTransaction(db, work);
}

function isPoolClient(db: Queryable): db is PoolClient {
  return typeof (db as Partial<PoolClient>).release === 'function';
}

/** Postgres' unique-violation error, e.g. a username or a primary key already taken. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint: name } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && (constraint === undefined || name === constraint);
}
