// `npm start`: the whole system on one machine — Postgres, Temporal dev server, worker and HTTP API.
import { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';
import { runApi, runWorker, stopOnSignals } from './app-process';
import { ConfigError, loadConfig, poolSettingsOf, type Config } from './config';
import { describeSeedResult, seedDemoData, seedDemoDossiers } from './seed';
import { logger, logLine } from '../observability/log';
import { configureProcessLogging } from './logging';
import { installTemporalRuntime } from './temporal/telemetry';
import { startDatabase, startTemporal } from './services';
import { connectClient } from './temporal/connect';
import { describeChannels, runNotifier } from './notifier';
import { dataConverterFromConfig } from './temporal/data-converter';

let shutdown: ((reason: string, exitCode: number) => Promise<void>) | undefined;

async function main(): Promise<void> {
  const started = performance.now();
  const log = logLine;
  const config = loadConfig();
  configureProcessLogging(config, 'start');
  // The SDK's info lines (worker state changes) would drown the banner; its warnings and errors stay.
  installTemporalRuntime(config, {
    level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
    runsWorker: true,
  });
  const stoppers: Array<() => Promise<void>> = [];
  shutdown = stopOnSignals(stoppers, log);

  const database = await startDatabase(config, log);
  stoppers.push(database.stop);
  log(`PostgreSQL: ${database.description}`);
  const applied = await migrateUp(database.url);
  if (applied.length) log(`  migrations applied: ${applied.join(', ')}`);

  const temporal = await startTemporal(config, log);
  stoppers.push(temporal.stop);
  log(`Temporal:   ${temporal.description}`);

  // The API and the worker each have a pool of their own, as when they run as separate processes: a burst of
  // requests cannot starve the activities that would answer them (a completion waits for its recordEvents),
  // nor a busy worker the requests. The notifier, background work too, shares the worker's.
  const pool = createPool(database.url, poolSettingsOf(config));
  stoppers.push(() => pool.end());
  const workerPool = createPool(database.url, poolSettingsOf(config));
  stoppers.push(() => workerPool.end());
  const worker = await runWorker(config, workerPool, temporal.address);
  stoppers.push(worker.stop);
  const api = await runApi(config, pool, temporal.address);
  stoppers.push(api.stop);
  const notifier = await runNotifier(config, workerPool, log);
  stoppers.push(notifier.stop);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log('');
  log(`Ready in ${seconds} s.`);
  log(`  Citizens:         ${api.url}/   (tracking: ${api.url}/tra-cuu)`);
  log(`  Officers:         ${api.url}/can-bo/dang-nhap   (the demo users below, or SEED_PASSWORD)`);
  log(`  API:              ${api.url}/api/openapi.json   (health: ${api.url}/health)`);
  if (config.METRICS_PORT)
    log(`  Ops:              http://localhost:${config.METRICS_PORT}/metrics, /health/live, /health/ready`);
  if (temporal.uiUrl) log(`  Temporal Web UI:  ${temporal.uiUrl}   (for operators)`);
  log(`  Messages:         ${describeChannels(config)}   (outbox: ${api.url}/quan-tri/hop-thu)`);
  log(
    `  Task queue:       ${config.TASK_QUEUE} on ${temporal.address}, namespace ${config.TEMPORAL_NAMESPACE}`,
  );
  log('Press Ctrl-C to stop; data is kept for the next start.');

  // After the banner: the system is up and healthy while the demo dossiers go through their first steps.
  await seedEmptyDatabase(config, pool, temporal.address, log).catch((error: unknown) => {
    log(`Seeding the demo data failed: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/**
 * A database without users is a first start: seed the demo province, one user per role and unit, and a few
 * demo dossiers started through the real workflow, so there is something to log in to and work on.
 */
async function seedEmptyDatabase(
  config: Config,
  pool: Pool,
  address: string,
  log: (line: string) => void,
): Promise<void> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  if ((rows[0]?.n ?? 0) > 0) return;
  const password = process.env.SEED_PASSWORD || undefined;
  log('');
  log('Empty database: seeding the demo data (npm run seed does the same on its own).');
  const result = await seedDemoData(pool, password ? { password } : {});
  const lines = describeSeedResult(result, password !== undefined);
  // Generated passwords are shown once to the person at the terminal, never through the logger: a log
  // collector must not receive passwords. With SEED_PASSWORD the lines hold none and are logged as usual.
  if (password) lines.forEach((line) => log(line));
  else process.stdout.write(`${lines.join('\n')}\n`);
  if (!password)
    log('  (set SEED_PASSWORD before the first start to choose one password for every demo user)');
  const connection = await connectClient(address);
  try {
    const dataConverter = dataConverterFromConfig(config, log);
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });
    const dossiers = await seedDemoDossiers({
      pool,
      temporal: connection,
      dataConverter,
      client,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TASK_QUEUE,
    });
    if (dossiers.length) log('Demo dossiers (started through the dossier workflow):');
    dossiers.forEach((line) => log(line));
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) logger().fatal(error.message);
  else logger().fatal({ err: error }, 'start failed');
  // Whatever had started is stopped in order before exiting.
  if (shutdown) void shutdown('Start failed', 1);
  else process.exit(1);
});
