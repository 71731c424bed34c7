import { Client } from 'pg';
import { migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';
import { stopOnSignals, type Stoppable } from './app-process';
import { ConfigError, loadConfig, poolSettingsOf, type Config } from './config';
import { retryWhileStarting } from './retry-while-starting';
import { logger, logLine } from '../observability/log';
import { configureProcessLogging } from './logging';
import { installTemporalRuntime } from './temporal/telemetry';

/** How long a starting process waits for Postgres (as long as it waits for Temporal, runtime/temporal). */
const POSTGRES_WAIT_MS = 120_000;

/** Resolves once Postgres accepts a connection, retrying meanwhile (logged once, not per attempt). */
async function waitForPostgres(url: string, connectTimeoutMs: number, log: (line: string) => void) {
  let told = false;
  await retryWhileStarting(
    'Postgres',
    async () => {
      const client = new Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
      client.on('error', () => {});
      try {
        await client.connect();
      } finally {
        await client.end().catch(() => {});
      }
    },
    POSTGRES_WAIT_MS,
    (error) => {
      if (!told) log(`Waiting for Postgres (${error instanceof Error ? error.message : String(error)})…`);
      told = true;
    },
  );
}

/**
 * `npm run worker` / `npm run api`: one role of the system against external Postgres and Temporal, which is
 * how a deployment scales out (any number of API and worker processes on the same database and namespace).
 */
export function runExternalRole(
  role: 'worker' | 'api',
  start: (
    config: Config,
    pool: ReturnType<typeof createPool>,
    address: string,
  ) => Promise<Stoppable & { url?: string }>,
): void {
  const log = logLine;
  let shutdown: ((reason: string, exitCode: number) => Promise<void>) | undefined;
  (async () => {
    const config = loadConfig();
    const missing = (['DATABASE_URL', 'TEMPORAL_ADDRESS'] as const).filter((key) => !config[key]);
    if (missing.length) {
      throw new ConfigError(
        missing.map(
          (key) => `${key}: required by \`npm run ${role}\` (use \`npm start\` for everything embedded)`,
        ),
      );
    }
    configureProcessLogging(config, role);
    installTemporalRuntime(config, { level: config.LOG_LEVEL, runsWorker: role === 'worker' });
    const stoppers: Array<() => Promise<void>> = [];
    shutdown = stopOnSignals(stoppers, log);
    // Started (or restarted by an orchestrator) while Postgres is away: wait for it rather than exit.
    await waitForPostgres(config.DATABASE_URL!, config.PG_CONNECT_TIMEOUT_MS, log);
    await migrateUp(config.DATABASE_URL!);
    const pool = createPool(config.DATABASE_URL!, poolSettingsOf(config));
    stoppers.push(() => pool.end());
    const running = await start(config, pool, config.TEMPORAL_ADDRESS!);
    stoppers.push(running.stop);
    log(
      `${role} running against ${config.TEMPORAL_ADDRESS} (task queue ${config.TASK_QUEUE})${running.url ? ` at ${running.url}` : ''}`,
    );
  })().catch((error: unknown) => {
    if (error instanceof ConfigError) logger().fatal(error.message);
    else logger().fatal({ err: error }, 'start failed');
    if (shutdown) void shutdown('Start failed', 1);
    else process.exit(1);
  });
}
