/**
 * /health: each backing service asked a real question with a short deadline. A failure is answered with a
 * stable code and a Vietnamese message per component; the driver's own error text (host names, ports,
 * versions, SQL) goes to the log only, so the endpoint tells an outsider nothing about the installation.
 */
import type { Connection } from '@temporalio/client';
import type { Pool } from 'pg';

export type ComponentHealth =
  { up: true; latencyMs: number } | { up: false; latencyMs: number; code: string; message: string };

export interface HealthReport {
  status: 'ok' | 'degraded';
  postgres: ComponentHealth;
  temporal: ComponentHealth;
}

/** What each component answers when it is down. */
const DOWN = {
  postgres: { code: 'POSTGRES_UNAVAILABLE', message: 'Không kết nối được cơ sở dữ liệu' },
  temporal: {
    code: 'TEMPORAL_UNAVAILABLE',
    message: 'Không kết nối được máy chủ điều phối quy trình (Temporal)',
  },
} as const;

async function timed(
  component: keyof typeof DOWN,
  check: () => Promise<unknown>,
  logError: (message: string, error: unknown) => void,
): Promise<ComponentHealth> {
  const started = performance.now();
  try {
    await check();
    return { up: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    logError(`health: ${component} is down`, error);
    return { up: false, latencyMs: Math.round(performance.now() - started), ...DOWN[component] };
  }
}

export async function checkHealth(deps: {
  pool: Pool;
  temporal: Connection;
  namespace: string;
  logError?: (message: string, error: unknown) => void;
}): Promise<HealthReport> {
  const logError = deps.logError ?? ((message, error) => console.error(message, error));
  const [postgres, temporal] = await Promise.all([
    timed('postgres', () => deps.pool.query('SELECT 1'), logError),
    timed(
      'temporal',
      () =>
        deps.temporal.withDeadline(Date.now() + 3_000, () =>
          deps.temporal.workflowService.describeNamespace({ namespace: deps.namespace }),
        ),
      logError,
    ),
  ]);
  return { status: postgres.up && temporal.up ? 'ok' : 'degraded', postgres, temporal };
}
