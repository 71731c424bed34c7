// `npm start`: the whole system on one machine — Postgres, Temporal dev server, worker and HTTP API.
import { migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';
import { runApi, runWorker, stopOnSignals } from './app-process';
import { ConfigError, loadConfig } from './config';
import { installTemporalLogger } from './external-role';
import { startDatabase, startTemporal } from './services';

let shutdown: ((reason: string, exitCode: number) => Promise<void>) | undefined;

async function main(): Promise<void> {
  const started = performance.now();
  const log = (line: string) => console.log(line);
  const config = loadConfig();
  installTemporalLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
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

  const pool = createPool(database.url);
  stoppers.push(() => pool.end());
  const worker = await runWorker(config, pool, temporal.address);
  stoppers.push(worker.stop);
  const api = await runApi(config, pool, temporal.address);
  stoppers.push(api.stop);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log('');
  log(`Ready in ${seconds} s.`);
  log(`  API:              ${api.url}   (health: ${api.url}/health)`);
  if (temporal.uiUrl) log(`  Temporal Web UI:  ${temporal.uiUrl}   (for operators)`);
  log(
    `  Task queue:       ${config.TASK_QUEUE} on ${temporal.address}, namespace ${config.TEMPORAL_NAMESPACE}`,
  );
  log('Press Ctrl-C to stop; data is kept for the next start.');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  // Whatever had started is stopped in order before exiting.
  if (shutdown) void shutdown('Start failed', 1);
  else process.exit(1);
});
