import { proxyActivities } from '@temporalio/workflow';

/** How long each kind of row is kept after it has served its purpose (config RETENTION_*). */
export interface RetentionPeriods {
  idempotencyDays: number;
  throttleDays: number;
  outboxDays: number;
}

/** Rows deleted by one run, by kind. */
export interface PurgeCounts {
  sessions: number;
  idempotencyKeys: number;
  throttleRows: number;
  outboxMessages: number;
}

/** Implemented in activities/retention.ts. */
export interface RetentionActivities {
  purgeRetained(periods: RetentionPeriods): Promise<PurgeCounts>;
}

const { purgeRetained } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumAttempts: 3 },
});

/**
 * One purge, started by the retention Schedule (runtime/retention-schedule.ts): expired and revoked sessions,
 * idempotency keys and throttle rows older than their period, and delivered outbox messages older than theirs.
 * A workflow rather than a timer in each API process so that one run happens per period for the whole
 * deployment, visible (with its counts) in Temporal.
 */
export async function retentionWorkflow(periods: RetentionPeriods): Promise<PurgeCounts> {
  return await purgeRetained(periods);
}
