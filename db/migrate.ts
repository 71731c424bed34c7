import path from 'node:path';
import { runner } from 'node-pg-migrate';

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/**
 * Applies every pending migration in db/migrations (plain .sql files with `-- Up Migration` and
 * `-- Down Migration` sections, run in name order). Safe to call at every start: node-pg-migrate takes an
 * advisory lock, so two processes starting together do not apply the same migration twice.
 */
export async function migrateUp(
  databaseUrl: string,
  log: (msg: string) => void = () => {},
): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    singleTransaction: true,
    log,
  });
  return applied.map((m) => m.name);
}
