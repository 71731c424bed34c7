/**
 * Idempotency keys for submissions (the Idempotency-Key header). `runIdempotent` claims the key inside a
 * transaction, runs the work in that same transaction and stores its answer with the key:
 * - the same key and body again → the stored answer, the work does not run a second time;
 * - the same key with another body → IdempotencyKeyReusedError;
 * - two requests with one key at once → the second waits on the key's primary key until the first commits
 *   (then gets its answer) or rolls back (then runs itself). No second dossier either way.
 * Keys live for KEY_LIFETIME_MS; an expired key is claimed afresh.
 */
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { inTransaction, type Queryable } from './queryable';

export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export class IdempotencyKeyReusedError extends Error {
  constructor(readonly key: string) {
    super(`idempotency key "${key}" was used with another request body`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

export interface StoredAnswer<T> {
  status: number;
  body: T;
  /** True when the answer comes from an earlier request with the same key. */
  replayed: boolean;
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

type Claim = { scope: string; key: string; requestSha256: string; now: Date };

/** Drops the key if it outlived KEY_LIFETIME_MS, then inserts it unless present; true when this call inserted it. */
async function insertKey(client: PoolClient, claim: Claim): Promise<boolean> {
  const { scope, key, requestSha256, now } = claim;
  await client.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND created_at < $3`, [
    scope,
    key,
    new Date(now.getTime() - KEY_LIFETIME_MS),
  ]);
  const claimed = await client.query(
    `INSERT INTO idempotency_keys (scope, key, request_sha256, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (scope, key) DO NOTHING`,
    [scope, key, requestSha256, now],
  );
  return claimed.rowCount !== 0;
}

/** The stored row of the key; a key sent with another request body is refused (IdempotencyKeyReusedError). */
async function storedKey<T>(
  client: PoolClient,
  claim: Claim,
): Promise<{ response_status: number | null; response_body: T | null }> {
  const { scope, key, requestSha256 } = claim;
  const { rows } = await client.query<{
    request_sha256: string;
    response_status: number | null;
    response_body: T | null;
  }>(
    `SELECT request_sha256, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
    [scope, key],
  );
  const stored = rows[0];
  if (!stored || stored.request_sha256 !== requestSha256) throw new IdempotencyKeyReusedError(key);
  return stored;
}

async function storeAnswer(
  db: Queryable,
  scope: string,
  key: string,
  answer: { status: number; body: unknown },
): Promise<void> {
  await db.query(
    `UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE scope = $1 AND key = $2`,
    [scope, key, answer.status, JSON.stringify(answer.body)],
  );
}

export async function runIdempotent<T>(
  pool: Pool,
  claim: Claim,
  work: (client: PoolClient) => Promise<{ status: number; body: T }>,
): Promise<StoredAnswer<T>> {
  return inTransaction(pool, async (client) => {
    if (!(await insertKey(client, claim))) {
      const stored = await storedKey<T>(client, claim);
      // A committed key always has its answer: both are written in one transaction.
      return { status: stored.response_status ?? 200, body: stored.response_body as T, replayed: true };
    }
    const answer = await work(client);
    await storeAnswer(client, claim.scope, claim.key, answer);
    return { ...answer, replayed: false };
  });
}

export type KeyClaim<T> = { state: 'claimed' } | { state: 'answered'; status: number; body: T };

/**
 * For work that must not run inside a transaction (a Temporal signal or update: no pool client may wait on
 * Temporal): claims the key in its own short transaction. 'claimed' — do the work, then settleKey (or
 * releaseKey if it failed, so a retry runs it again); 'answered' — done before, here is the answer. A key
 * claimed by a request still running (or one that died) is claimed again: such work must itself be
 * idempotent on the key (the dossier workflow ignores a message id it has seen).
 */
export async function claimKey<T>(pool: Pool, claim: Claim): Promise<KeyClaim<T>> {
  return inTransaction(pool, async (client) => {
    await insertKey(client, claim);
    const stored = await storedKey<T>(client, claim);
    if (stored.response_status === null) return { state: 'claimed' };
    return { state: 'answered', status: stored.response_status, body: stored.response_body as T };
  });
}

/** Stores the answer of claimed work: later requests with the key get it without running the work. */
export async function settleKey(
  pool: Pool,
  scope: string,
  key: string,
  answer: { status: number; body: unknown },
): Promise<void> {
  await storeAnswer(pool, scope, key, answer);
}

/** Gives up a claim whose work failed, so the same request can be sent again. */
export async function releaseKey(pool: Pool, scope: string, key: string): Promise<void> {
  await pool.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND response_status IS NULL`, [
    scope,
    key,
  ]);
}
