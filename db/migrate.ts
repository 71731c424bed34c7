import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runner } from 'node-pg-migrate';
import { logger } from '../observability/log';
import { createPool } from './pool';
import { healReportSummaries } from './report-summaries';

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/** node-pg-migrate's words when another process holds its advisory lock (it does not wait for it). */
const LOCK_HELD = /Another migration is already running/;

/**
 * Applies every pending migration in db/migrations (plain .sql files with `-- Up Migration` and
 * `-- Down Migration` sections, run in name order). Safe to call at every start: node-pg-migrate takes an
 * advisory lock, so two processes starting together do not apply the same migration twice. It refuses rather
 * than waits when the lock is held, so a process that starts beside another (an API and its workers, replicas)
 * waits here for the other to finish, then finds nothing left to apply — instead of failing its start.
 * Then the report summaries are rebuilt if the database holds dossiers but no summaries (migration 860 on an
 * existing database, or a migration that emptied them because what they hold changed): report-summaries.ts.
 */
export async function migrateUp(
  databaseUrl: string,
  log: (msg: string) => void = () => {},
  waitForOthersMs = 120_000,
  /** `false` for a caller that rebuilds them itself (npm run reports:rebuild): not twice. */
  options: { healSummaries?: boolean } = {},
): Promise<string[]> {
  const giveUpAt = Date.now() + waitForOthersMs;
  for (;;) {
    try {
      const applied = await runner({
        databaseUrl,
        dir: MIGRATIONS_DIR,
        direction: 'up',
        migrationsTable: 'pgmigrations',
        checkOrder: true,
        singleTransaction: true,
        log,
      });
      if (options.healSummaries !== false) await healSummaries(databaseUrl, log);
      return applied.map((m) => m.name);
    } catch (error) {
      if (!(error instanceof Error && LOCK_HELD.test(error.message)) || Date.now() >= giveUpAt) throw error;
      await sleep(250 + Math.random() * 250);
    }
  }
}

/** A rebuild of a province's summaries takes minutes: its own connection, without the requests' time limits. */
async function healSummaries(databaseUrl: string, log: (msg: string) => void): Promise<void> {
  // No lock time limit either: a process starting beside one that rebuilds waits for it (then finds nothing to
  // do) instead of failing its start after the requests' 10 s.
  const pool = createPool(databaseUrl, {
    max: 1,
    statementTimeoutMs: 0,
    idleInTransactionTimeoutMs: 0,
    lockTimeoutMs: 0,
  });
  const client = await pool.connect();
  try {
    const started = Date.now();
    // Said to the process's log as well: a start that rebuilds a province waits minutes here.
    const say = (line: string) => {
      log(line);
      logger().warn(line);
    };
    const rebuilt = await healReportSummaries(
      client,
      () => say('Report summaries must be rebuilt from the read model (after an upgrade): rebuilding them.'),
      () => say('Waiting for another process rebuilding the report summaries.'),
    );
    if (rebuilt) {
      say(`Report summaries rebuilt from the read model in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    }
  } finally {
    client.release();
    await pool.end();
  }
}
