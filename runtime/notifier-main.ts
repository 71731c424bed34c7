// `npm run notifier`: the outbox dispatcher alone, against DATABASE_URL (it needs no Temporal). Run as many as
// the volume needs: they share the outbox through FOR UPDATE SKIP LOCKED.
import { migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';
import { stopOnSignals } from './app-process';
import { ConfigError, loadConfig } from './config';
import { checkChannels, describeChannels, runNotifier } from './notifier';
import { logger, logLine } from '../observability/log';
import { configureProcessLogging } from './logging';
import { acquireOpsServer } from './ops-server';
import { postgresCheck } from './readiness';

const log = logLine;
let shutdown: ((reason: string, exitCode: number) => Promise<void>) | undefined;

(async () => {
  const config = loadConfig();
  configureProcessLogging(config, 'notifier');
  if (!config.DATABASE_URL) {
    throw new ConfigError([
      'DATABASE_URL: required by `npm run notifier` (use `npm start` for everything embedded)',
    ]);
  }
  // Before anything else: a production notifier with no provider must not start at all.
  checkChannels(config);
  const stoppers: Array<() => Promise<void>> = [];
  shutdown = stopOnSignals(stoppers, log);
  await migrateUp(config.DATABASE_URL);
  const pool = createPool(config.DATABASE_URL);
  stoppers.push(() => pool.end());
  const notifier = await runNotifier(config, pool, log);
  stoppers.push(notifier.stop);
  // Ready while Postgres answers: the outbox is all the notifier needs.
  const ops = await acquireOpsServer(config.METRICS_PORT, config.METRICS_HOST);
  if (ops) {
    ops.addCheck('postgres', postgresCheck(pool));
    stoppers.push(() => ops.release());
  }
  log(`notifier running (${describeChannels(config)})`);
})().catch((error: unknown) => {
  if (error instanceof ConfigError) logger().fatal(error.message);
  else logger().fatal({ err: error }, 'start failed');
  if (shutdown) void shutdown('Start failed', 1);
  else process.exit(1);
});
