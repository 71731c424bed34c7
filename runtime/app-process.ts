import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { SUBMISSION_LIMITS } from '../app/dossiers/submission-limits';
import { closeSharedPdfRenderer } from '../documents';
import { startPendingDossiers } from '../app/dossiers/submission';
import { ensurePayrollSchedules } from '../app/payrolls/schedule';
import { attachmentsFromConfig } from './attachments';
import { answerClientErrorsWithJson } from './client-errors';
import { closeGracefully } from './graceful-close';
import { createHttpApp } from './http-app';
import type { Config } from './config';
import { connectClient, connectWorker } from './temporal/connect';
import { dataConverterFromConfig } from './temporal/data-converter';
import { createWorker } from './worker';
import { createActivities } from '../activities';
import { outboxSettingsOf } from './notifier';
import { Client } from '@temporalio/client';
import { logErrorTo, logger } from '../observability/log';
import { acquireOpsServer } from './ops-server';
import { serveReadModelMetrics } from './read-model-metrics';
import { postgresCheck, temporalCheck, workerPollerCheck } from './readiness';
import { ensureRetentionSchedule } from './retention-schedule';

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Runs the Temporal worker until stopped. Its ops port answers ready while Postgres and Temporal answer and
 * its pollers poll; it keeps the retention Schedule in line with the configuration.
 */
export async function runWorker(config: Config, pool: Pool, address: string): Promise<Stoppable> {
  const connection = await connectWorker(address);
  const dataConverter = dataConverterFromConfig(config);
  let worker: Worker;
  try {
    worker = await createWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TASK_QUEUE,
      pool,
      activities: createActivities({ pool, outbox: outboxSettingsOf(config) }),
      dataConverter,
    });
  } catch (error) {
    await connection.close();
    throw error;
  }
  const ops = await acquireOpsServer(config.METRICS_PORT, config.METRICS_HOST).catch(
    async (error: unknown) => {
      await connection.close();
      throw error;
    },
  );
  ops?.addCheck('postgres', postgresCheck(pool));
  ops?.addCheck('temporal', temporalCheck(connection, config.TEMPORAL_NAMESPACE));
  ops?.addCheck('worker', workerPollerCheck(worker));
  const running = worker.run();
  const schedule = keepRetentionSchedule(
    new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter }),
    config,
  );
  return {
    async stop() {
      schedule.stop();
      await ops?.release();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      // The Chromium that prints decisions to PDF is shared by all activities of this process.
      await closeSharedPdfRenderer();
    },
  };
}

/**
 * Brings the retention Schedule in line with the configuration; a failure (Temporal busy or restarting) must
 * not stop the worker, so it is logged and tried again every minute until it succeeds.
 */
function keepRetentionSchedule(client: Client, config: Config): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const attempt = () => {
    ensureRetentionSchedule(client, config).catch((error: unknown) => {
      logger().warn({ err: error }, 'retention schedule: not set up yet, trying again in a minute');
      if (!stopped) {
        timer = setTimeout(attempt, 60_000);
        timer.unref();
      }
    });
  };
  attempt();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** How often an API process looks for received dossiers whose workflow could not be started yet. */
const PENDING_STARTS_EVERY_MS = 15_000;

/** Serves the HTTP API until stopped. */
export async function runApi(
  config: Config,
  pool: Pool,
  address: string,
): Promise<Stoppable & { url: string }> {
  const temporal = await connectClient(address);
  const appDeps = {
    pool,
    temporal,
    dataConverter: dataConverterFromConfig(config),
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    temporalCallTimeoutMs: config.TEMPORAL_CALL_TIMEOUT_MS,
    logError: logErrorTo,
  };
  const app = createHttpApp({
    ...appDeps,
    webSecret: config.WEB_SECRET ?? randomBytes(48).toString('base64'),
    attachments: attachmentsFromConfig(config),
    ...(config.SMS_INBOUND_SECRET ? { smsInboundSecret: config.SMS_INBOUND_SECRET } : {}),
    trustProxy: config.TRUST_PROXY,
    submissionLimits: {
      ...SUBMISSION_LIMITS,
      onlinePerUnitPerDay: config.ONLINE_SUBMISSIONS_PER_UNIT_PER_DAY,
    },
  });
  // Dossiers received while Temporal was out of reach get their workflow as soon as it answers again.
  const resumer = setInterval(
    () => void startPendingDossiers(appDeps).catch(() => {}),
    PENDING_STARTS_EVERY_MS,
  );
  resumer.unref();
  void startPendingDossiers(appDeps).catch(() => {});
  // Each province's monthly payroll schedule (default the 15th) exists once Temporal answers.
  void ensurePayrollSchedules(appDeps).catch((error: unknown) =>
    console.error('creating the payroll schedules failed; they are created again at the next start', error),
  );
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, () => resolve(s));
    answerClientErrorsWithJson(s);
    s.once('error', reject);
  }).catch(async (error: unknown) => {
    clearInterval(resumer);
    await temporal.close();
    throw error;
  });
  const ops = await acquireOpsServer(config.METRICS_PORT, config.METRICS_HOST).catch(
    async (error: unknown) => {
      clearInterval(resumer);
      await closeGracefully(server, 0);
      await temporal.close();
      throw error;
    },
  );
  ops?.addCheck('postgres', postgresCheck(pool));
  ops?.addCheck('temporal', temporalCheck(temporal, config.TEMPORAL_NAMESPACE));
  const stopReadModelMetrics = serveReadModelMetrics(pool);
  return {
    url: `http://localhost:${config.PORT}`,
    async stop() {
      clearInterval(resumer);
      stopReadModelMetrics();
      await ops?.release();
      // Requests in flight finish (within the grace) before Temporal and then the pool are closed.
      const { forced } = await closeGracefully(server, config.SHUTDOWN_GRACE_MS);
      if (forced) logger().warn(`HTTP: requests still running after ${config.SHUTDOWN_GRACE_MS} ms were cut`);
      await temporal.close();
    },
  };
}

/**
 * Stops things in reverse order of start, once, on SIGINT/SIGTERM/SIGHUP. A second signal while stopping
 * is ignored: an impatient second Ctrl-C must not leave Postgres or Temporal orphaned.
 */
export function stopOnSignals(
  stoppers: Array<() => Promise<void>>,
  log: (line: string) => void,
): (reason: string, exitCode: number) => Promise<void> {
  let stopping = false;
  const stopAll = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log(`\n${reason}, stopping…`);
    let failed = false;
    for (const stop of [...stoppers].reverse()) {
      try {
        await stop();
      } catch (error) {
        failed = true;
        log(`  stop failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    log('Stopped.');
    process.exit(failed ? 1 : exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void stopAll(`${signal} received`));
  }
  return stopAll;
}
