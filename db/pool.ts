import { Pool, types } from 'pg';

// DATE columns hold legal dates ('YYYY-MM-DD' in Asia/Ho_Chi_Minh); pg would turn them into JS Dates at
// local midnight and shift them across time zones. Keep them as the strings the domain uses.
types.setTypeParser(types.builtins.DATE, (value) => value);
// BIGINT holds VND amounts and sequences well inside Number.MAX_SAFE_INTEGER.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

export function createPool(connectionString: string, max = 10): Pool {
  const pool = new Pool({ connectionString, max, application_name: 'tgxh-engine' });
  // An idle connection can be cut by the server (restart, failover, a dropped test database). pg then emits
  // 'error' on the pool, which would crash the process if nobody listened; the next query reconnects.
  pool.on('error', (error) => console.warn(`Postgres: idle connection lost (${error.message})`));
  return pool;
}
