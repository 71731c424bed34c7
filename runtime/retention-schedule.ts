/**
 * The retention Schedule: Temporal starts `retentionWorkflow` every RETENTION_EVERY_MINUTES with the periods
 * of the configuration. Every worker process makes sure it exists at start and brings it in line with its
 * configuration (the last worker started wins; a deployment gives them all the same environment). Runs never
 * overlap (a slow purge skips the next one) and a run missed while Temporal was down is not caught up.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from './config';
import type { RetentionPeriods } from '../workflows/retention';

export const RETENTION_SCHEDULE_ID = 'tgxh-retention';

type RetentionConfig = Pick<
  Config,
  | 'TASK_QUEUE'
  | 'RETENTION_EVERY_MINUTES'
  | 'RETENTION_IDEMPOTENCY_DAYS'
  | 'RETENTION_THROTTLE_DAYS'
  | 'RETENTION_OUTBOX_DAYS'
>;

export function retentionPeriodsOf(config: RetentionConfig): RetentionPeriods {
  return {
    idempotencyDays: config.RETENTION_IDEMPOTENCY_DAYS,
    throttleDays: config.RETENTION_THROTTLE_DAYS,
    outboxDays: config.RETENTION_OUTBOX_DAYS,
  };
}

export async function ensureRetentionSchedule(client: Client, config: RetentionConfig): Promise<void> {
  const spec = { intervals: [{ every: `${config.RETENTION_EVERY_MINUTES} minutes` as const }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'retentionWorkflow',
    workflowId: 'tgxh-retention-run',
    taskQueue: config.TASK_QUEUE,
    args: [retentionPeriodsOf(config)],
  };
  try {
    await client.schedule.create({
      scheduleId: RETENTION_SCHEDULE_ID,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule
      .getHandle(RETENTION_SCHEDULE_ID)
      .update((previous) => ({ ...previous, spec, action }));
  }
}
