import type { Connection } from '@temporalio/client';
import type { Pool } from 'pg';

export interface ComponentHealth {
  up: boolean;
  latencyMs: number;
  detail?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  postgres: ComponentHealth;
  temporal: ComponentHealth;
}

async function timed(check: () => Promise<string | undefined>): Promise<ComponentHealth> {
  const started = performance.now();
  try {
    const detail = await check();
    return { up: true, latencyMs: Math.round(performance.now() - started), ...(detail ? { detail } : {}) };
  } catch (error) {
    return {
      up: false,
      latencyMs: Math.round(performance.now() - started),
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Asks each backing service a real question (not just "is a socket open"), with a short deadline. */
export async function checkHealth(deps: {
  pool: Pool;
  temporal: Connection;
  namespace: string;
}): Promise<HealthReport> {
  const [postgres, temporal] = await Promise.all([
    timed(async () => {
      const { rows } = await deps.pool.query<{ version: string }>('SELECT current_setting($1) AS version', [
        'server_version',
      ]);
      return `PostgreSQL ${rows[0]?.version}`;
    }),
    timed(async () => {
      const response = await deps.temporal.withDeadline(Date.now() + 3_000, () =>
        deps.temporal.workflowService.describeNamespace({ namespace: deps.namespace }),
      );
      return `namespace ${response.namespaceInfo?.name}`;
    }),
  ]);
  return { status: postgres.up && temporal.up ? 'ok' : 'degraded', postgres, temporal };
}
