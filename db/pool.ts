import { Pool, types } from 'pg';
import { logger } from '../observability/log';

// DATE columns hold legal dates ('YYYY-MM-DD' in Asia/Ho_Chi_Minh); pg would turn them into JS Dates at
// local midnight and shift them across time zones. Keep them as the strings the domain uses.
types.setTypeParser(types.builtins.DATE, (value) => value);
// BIGINT holds VND amounts and sequences well inside Number.MAX_SAFE_INTEGER.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

/**
 * Bounds on every wait a request can have on Postgres (config PG_*), so a stopped, overloaded or locked
 * database gives an error in seconds — which the API answers with 503 — instead of requests queueing forever.
 */
export interface PoolSettings {
  /** Connections per process. */
  max: number;
  /** How long to wait for a connection (a new one, or a free one from a full pool). */
  connectTimeoutMs: number;
  /** Longest one statement may run (Postgres cancels it). */
  statementTimeoutMs: number;
  /** Longest a statement waits for a row or table lock. */
  lockTimeoutMs: number;
  /** A transaction left idle this long is ended by Postgres, so a stuck caller cannot hold its locks. */
  idleInTransactionTimeoutMs: number;
}

export const DEFAULT_POOL_SETTINGS: PoolSettings = {
  max: 10,
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 30_000,
  lockTimeoutMs: 10_000,
  idleInTransactionTimeoutMs: 60_000,
};

export function createPool(connectionString: string, settings: Partial<PoolSettings> = {}): Pool {
  const s = { ...DEFAULT_POOL_SETTINGS, ...settings };
  const pool = new Pool({
    connectionString,
    max: s.max,
    application_name: 'tgxh-engine',
    connectionTimeoutMillis: s.connectTimeoutMs,
    statement_timeout: s.statementTimeoutMs,
    lock_timeout: s.lockTimeoutMs,
    idle_in_transaction_session_timeout: s.idleInTransactionTimeoutMs,
  });
  // An idle connection can be cut by the server (restart, failover, a dropped test database). pg then emits
  // 'error' on the pool, which would crash the process if nobody listened; the next query reconnects.
  pool.on('error', (error) => logger().warn({ err: error }, 'Postgres: idle connection lost'));
  return pool;
}
