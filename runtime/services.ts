import fs from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Config } from './config';
import { ensureDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { startDevServer } from './temporal/dev-server';
import { resolveTemporalCli } from './temporal/tools';

export interface RunningService {
  /** What was chosen, for the start-up banner. */
  description: string;
  stop(): Promise<void>;
}

const APP_DATABASE = 'tgxh';

/** DATABASE_URL when given; otherwise an embedded Postgres under DATA_DIR/pg with a `tgxh` database. */
export async function startDatabase(
  config: Config,
  log: (line: string) => void,
): Promise<RunningService & { url: string }> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, description: 'external (DATABASE_URL)', stop: async () => {} };
  }
  const handle = await startEmbeddedPostgres({
    dataDir: path.join(config.dataDir, 'pg'),
    port: config.EMBEDDED_PG_PORT,
    log: config.LOG_LEVEL === 'debug' ? log : () => {},
  });
  try {
    const url = await ensureDatabase(handle.url, APP_DATABASE);
    return {
      url,
      description: `embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT} (data in ${path.join(config.dataDir, 'pg')})`,
      stop: handle.stop,
    };
  } catch (error) {
    await handle.stop();
    throw error;
  }
}

/**
 * TEMPORAL_ADDRESS when given; otherwise the Temporal dev server with a SQLite file under DATA_DIR/temporal,
 * from the CLI binary found by resolveTemporalCli (or, as a last resort, the SDK's own download).
 */
export async function startTemporal(
  config: Config,
  log: (line: string) => void,
): Promise<RunningService & { address: string; uiUrl?: string }> {
  if (config.TEMPORAL_ADDRESS) {
    return {
      address: config.TEMPORAL_ADDRESS,
      description: 'external (TEMPORAL_ADDRESS)',
      stop: async () => {},
    };
  }
  const cli = await resolveTemporalCli({ log });
  const dataDir = path.join(config.dataDir, 'temporal');
  if (cli.source === 'download') {
    // The SDK's server opens the SQLite file without creating its folder (startDevServer makes its own).
    fs.mkdirSync(dataDir, { recursive: true });
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        ip: '127.0.0.1',
        port: config.TEMPORAL_DEV_PORT,
        ui: true,
        uiPort: config.TEMPORAL_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
        dbFilename: path.join(dataDir, 'temporal.sqlite'),
      },
    });
    return {
      address: `127.0.0.1:${config.TEMPORAL_DEV_PORT}`,
      uiUrl: `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`,
      description: `Temporal dev server from ${cli.description}`,
      stop: () => env.teardown(),
    };
  }
  const server = await startDevServer({
    cliPath: cli.path,
    dataDir,
    port: config.TEMPORAL_DEV_PORT,
    uiPort: config.TEMPORAL_UI_PORT,
    namespace: config.TEMPORAL_NAMESPACE,
    log: config.LOG_LEVEL === 'debug' ? log : () => {},
  });
  return {
    address: server.address,
    uiUrl: server.uiUrl,
    description: `Temporal dev server from ${cli.description} (data in ${dataDir})`,
    stop: server.stop,
  };
}
