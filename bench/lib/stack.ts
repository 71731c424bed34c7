/**
 * The parts every bench runs on, as `npm start` runs them: an embedded Postgres (migrated, demo data seeded)
 * and the Temporal dev server (SQLite file), both in a temporary folder that is removed afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateUp } from '../../db/migrate';
import { ensureDatabase, startEmbeddedPostgres } from '../../runtime/embedded-postgres';
import { startDevServer } from '../../runtime/temporal/dev-server';
import { resolveTemporalCli } from '../../runtime/temporal/tools';
import { freePort } from '../../tests/helpers/ports';

export interface Stack {
  dir: string;
  databaseUrl: string;
  /** Undefined when started with `temporal: false` (npm start then runs its own). */
  temporalAddress?: string;
  stop(): Promise<void>;
}

export async function startStack(options: { temporal?: boolean; label: string }): Promise<Stack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tgxh-bench-${options.label}-`));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
  const stoppers: Array<() => Promise<void>> = [pg.stop];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const databaseUrl = await ensureDatabase(pg.url, 'bench');
    await migrateUp(databaseUrl);
    if (options.temporal === false) return { dir, databaseUrl, stop };
    const cli = await resolveTemporalCli();
    if (cli.source === 'download') throw new Error('no Temporal CLI found (npm run tools:temporal)');
    const server = await startDevServer({
      cliPath: cli.path,
      dataDir: path.join(dir, 'temporal'),
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
    });
    stoppers.push(server.stop);
    return { dir, databaseUrl, temporalAddress: server.address, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
