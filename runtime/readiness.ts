/**
 * What /health/ready asks (runtime/ops-server.ts): each dependency a process needs to do its work, with a
 * short deadline. An orchestrator stops routing to (or restarts) a process that is not ready; the answer names
 * each check and never carries a driver's error text (that goes to the log).
 */
import type { Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { logger } from '../observability/log';

export type ReadinessCheck = () => Promise<void>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { up: boolean; latencyMs: number }>;
}

const CHECK_DEADLINE_MS = 3_000;

function withinDeadline(check: ReadinessCheck): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${CHECK_DEADLINE_MS} ms`)),
      CHECK_DEADLINE_MS,
    );
  });
  return Promise.race([check(), timeout]).finally(() => clearTimeout(timer));
}

export async function checkReadiness(checks: ReadonlyMap<string, ReadinessCheck>): Promise<ReadinessReport> {
  const results = await Promise.all(
    [...checks].map(async ([name, check]) => {
      const started = performance.now();
      let up = true;
      try {
        await withinDeadline(check);
      } catch (error) {
        up = false;
        logger().warn({ err: error, check: name }, `readiness: ${name} is down`);
      }
      return [name, { up, latencyMs: Math.round(performance.now() - started) }] as const;
    }),
  );
  return { ready: results.every(([, result]) => result.up), checks: Object.fromEntries(results) };
}

/** Postgres answers a query (a stopped or unreachable database fails within PG_CONNECT_TIMEOUT_MS). */
export const postgresCheck =
  (pool: Pool): ReadinessCheck =>
  async () => {
    await pool.query('SELECT 1');
  };

/** The Temporal frontend answers for the namespace (client or worker connection alike). */
export const temporalCheck =
  (
    connection: {
      workflowService: { describeNamespace(request: { namespace: string }): Promise<unknown> };
    },
    namespace: string,
  ): ReadinessCheck =>
  async () => {
    await connection.workflowService.describeNamespace({ namespace });
  };

/** The worker runs and both its pollers (workflow and activity tasks) are polling the task queue. */
export const workerPollerCheck =
  (worker: Pick<Worker, 'getStatus'>): ReadinessCheck =>
  async () => {
    const status = worker.getStatus();
    if (status.runState !== 'RUNNING') throw new Error(`worker is ${status.runState}`);
    if (status.workflowPollerState !== 'POLLING' || status.activityPollerState !== 'POLLING')
      throw new Error(
        `pollers: workflow ${status.workflowPollerState}, activity ${status.activityPollerState}`,
      );
  };
