import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createWorker } from '../../runtime/worker';
import { runtimeProbeWorkflow } from '../../workflows';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createDevServerEnv } from '../helpers/temporal';
import { testDataConverter } from '../helpers/payload-keys';

describe('Temporal dev server (built from source) with embedded Postgres', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  beforeAll(async () => {
    [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([env?.teardown(), db?.drop()]);
  });

  it('runs a workflow whose activity writes a row, and the row reads back', async () => {
    const taskQueue = `probe-${randomUUID()}`;
    const worker = await createWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      pool: db.pool,
      dataConverter: testDataConverter,
    });
    const id = `probe-${randomUUID()}`;
    await worker.runUntil(
      env.client.workflow.execute(runtimeProbeWorkflow, {
        taskQueue,
        workflowId: id,
        args: [{ id, note: 'Hồ sơ đã được tiếp nhận' }],
      }),
    );
    const { rows } = await db.pool.query('SELECT note FROM runtime_probe WHERE id = $1', [id]);
    expect(rows).toEqual([{ note: 'Hồ sơ đã được tiếp nhận' }]);
    const description = await env.client.workflow.getHandle(id).describe();
    expect(description.status.name).toBe('COMPLETED');
  });
});
