import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { createWorker } from '../../runtime/worker';
import { runtimeProbeWorkflow } from '../../workflows';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { moveClockForward } from '../helpers/pinned-dates';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { testDataConverter } from '../helpers/payload-keys';

describe('runtime probe on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  beforeAll(async () => {
    [env, db] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([env?.teardown(), db?.drop()]);
  });

  it('sleeps 15 days of workflow time in seconds, then its activity writes a row', async () => {
    const taskQueue = `probe-${randomUUID()}`;
    const worker = await createWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      pool: db.pool,
      dataConverter: testDataConverter,
      activities: createActivities({ pool: db.pool }),
    });
    const id = randomUUID();
    const startedWall = Date.now();
    const startedWorkflowTime = await env.currentTimeMs();
    const result = await worker.runUntil(
      env.client.workflow.execute(runtimeProbeWorkflow, {
        taskQueue,
        workflowId: id,
        args: [{ id, note: 'mười lăm ngày sau', sleepFor: '15 days' }],
      }),
    );
    const wallSeconds = (Date.now() - startedWall) / 1000;
    const workflowDays = ((await env.currentTimeMs()) - startedWorkflowTime) / 86_400_000;

    expect(workflowDays).toBeGreaterThanOrEqual(15);
    expect(wallSeconds).toBeLessThan(20);
    const { rows } = await db.pool.query('SELECT note, written_at FROM runtime_probe WHERE id = $1', [id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].note).toBe('mười lăm ngày sau');
    // The row carries the workflow's clock (15 days ahead), not the activity's wall clock.
    expect(new Date(rows[0].written_at).toISOString()).toBe(result.writtenAt);
    expect(new Date(result.writtenAt).getTime() - startedWorkflowTime).toBeGreaterThanOrEqual(
      15 * 86_400_000,
    );
    console.log(`15 days of workflow time took ${wallSeconds.toFixed(1)} s of wall time`);
  });

  it('refuses to move the clock back, saying why, instead of leaving it where it is', async () => {
    const now = await env.currentTimeMs();
    await expect(moveClockForward(env, now - 86_400_000, 'yesterday')).rejects.toThrow(
      /Cannot move the time-skipping clock back to yesterday: .* only moves forward/,
    );
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(now);
    await moveClockForward(env, now + 3_600_000, 'an hour later');
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(now + 3_600_000);
  });
});
