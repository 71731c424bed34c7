/**
 * Retention runs on a Temporal Schedule: the worker makes sure the Schedule exists with the configured period
 * and retention days, a run purges what is past its period (expired sessions, idempotency keys, throttle rows,
 * delivered outbox messages) and keeps everything still in use or still to be read (live sessions, recent rows,
 * failed and undelivered messages).
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { loadConfig } from '../../runtime/config';
import { ensureRetentionSchedule, RETENTION_SCHEDULE_ID } from '../../runtime/retention-schedule';
import { createWorker } from '../../runtime/worker';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { insertDemoUnits, UNITS } from '../helpers/dossier';
import { testDataConverter } from '../helpers/payload-keys';
import { createDevServerEnv } from '../helpers/temporal';

const DAY = 24 * 60 * 60 * 1000;
const taskQueue = `retention-${randomUUID()}`;
const config = {
  ...loadConfig({ TASK_QUEUE: taskQueue }),
  RETENTION_IDEMPOTENCY_DAYS: 2,
  RETENTION_THROTTLE_DAYS: 1,
  RETENTION_OUTBOX_DAYS: 30,
};

let env: TestWorkflowEnvironment;
let db: TestDatabase;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
  worker = await createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    pool: db.pool,
    dataConverter: testDataConverter,
    activities: createActivities({ pool: db.pool }),
  });
  running = worker.run();
});
afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await Promise.all([env?.teardown(), db?.drop()]);
});

const ago = (ms: number) => new Date(Date.now() - ms);

async function insertRows(): Promise<void> {
  const q = (sql: string, params: unknown[]) => db.pool.query(sql, params);
  await insertDemoUnits(db.pool);
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO users (username, full_name, password_hash, role, unit_code)
     VALUES ('luu-tru.thu', 'Cán bộ thử', '$argon2id$thu', 'intake_clerk', $1) RETURNING id`,
    [UNITS.communeCode],
  );
  const user = rows[0]!.id;
  const session = (label: string, created: Date, expires: Date) =>
    q(`INSERT INTO sessions (token_sha256, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`, [
      label.repeat(64).slice(0, 64),
      user,
      created,
      expires,
    ]);
  await session('a', ago(2 * DAY), ago(DAY)); // expired
  await session('b', ago(60_000), new Date(Date.now() + DAY)); // live
  const key = (name: string, created: Date) =>
    q(`INSERT INTO idempotency_keys (scope, key, request_sha256, created_at) VALUES ('thu', $1, $2, $3)`, [
      name,
      'f'.repeat(64),
      created,
    ]);
  await key('cu', ago(3 * DAY));
  await key('moi', ago(60_000));
  for (const [table, columns, values] of [
    ['login_failures', 'username, client_ip', `'thu', '10.0.0.1'`],
    ['rate_limit_attempts', 'bucket, key', `'thu', 'k'`],
    ['tracking_failures', 'dossier_code, client_ip', `'26491-540101-0001', '10.0.0.1'`],
    ['public_complaint_attempts', 'client_ip, dossier_code', `'10.0.0.1', '26491-540101-0001'`],
  ] as const) {
    for (const when of [ago(2 * DAY), ago(60_000)])
      await q(`INSERT INTO ${table} (${columns}, attempted_at) VALUES (${values}, $1)`, [when]);
  }
  const message = (seq: number, status: string, created: Date, sent: Date | null) =>
    q(
      `INSERT INTO outbox_messages (dossier_code, seq, channel, recipient, audience, kind, body, status,
                                    next_attempt_at, created_at, sent_at)
       VALUES ('26491-540101-0001', $1, 'sms', '+84912345678', 'citizen', 'received', 'Hồ sơ đã tiếp nhận',
               $2, $3, $3, $4)`,
      [seq, status, created, sent],
    );
  await message(1, 'sent', ago(40 * DAY), ago(40 * DAY)); // delivered long ago: purged
  await message(2, 'sent', ago(2 * DAY), ago(2 * DAY)); // delivered recently: kept
  await message(3, 'failed', ago(40 * DAY), null); // failed: kept for the admins
  await message(4, 'pending', ago(40 * DAY), null); // not delivered yet: kept
  await message(5, 'suppressed', ago(40 * DAY), null); // the number said STOP, long ago: purged
}

async function remaining(): Promise<Record<string, unknown>> {
  const count = async (sql: string) => (await db.pool.query<{ n: number }>(sql)).rows[0]!.n;
  return {
    sessions: await count(`SELECT count(*)::int AS n FROM sessions`),
    idempotencyKeys: await count(`SELECT count(*)::int AS n FROM idempotency_keys`),
    throttleRows: await count(
      `SELECT ((SELECT count(*) FROM login_failures) + (SELECT count(*) FROM rate_limit_attempts) +
               (SELECT count(*) FROM tracking_failures) + (SELECT count(*) FROM public_complaint_attempts))::int AS n`,
    ),
    outbox: (await db.pool.query<{ seq: number }>(`SELECT seq FROM outbox_messages ORDER BY seq`)).rows.map(
      (row) => row.seq,
    ),
  };
}

test('the Schedule exists with the configured period, and a run purges only what is past its period', async () => {
  await insertRows();
  await ensureRetentionSchedule(env.client, config);
  const handle = env.client.schedule.getHandle(RETENTION_SCHEDULE_ID);
  const described = await handle.describe();
  expect(described.spec.intervals).toEqual([expect.objectContaining({ every: 60 * 60 * 1000 })]);
  expect(described.action).toMatchObject({
    type: 'startWorkflow',
    workflowType: 'retentionWorkflow',
    taskQueue,
  });
  expect((described.action as { args: unknown[] }).args).toEqual([
    { idempotencyDays: 2, throttleDays: 1, outboxDays: 30 },
  ]);

  await handle.trigger();
  const run = await waitForRun(handle);
  expect(await remaining()).toEqual({ sessions: 1, idempotencyKeys: 1, throttleRows: 4, outbox: [2, 3, 4] });
  expect(run).toEqual({ sessions: 1, idempotencyKeys: 1, throttleRows: 4, outboxMessages: 2 });

  // A worker started with another period brings the Schedule in line (the last configuration wins).
  await ensureRetentionSchedule(env.client, { ...config, RETENTION_EVERY_MINUTES: 15 });
  expect((await handle.describe()).spec.intervals).toEqual([
    expect.objectContaining({ every: 15 * 60 * 1000 }),
  ]);
  await handle.delete();
});

/** The result of the Schedule's most recent run, once it has completed. */
async function waitForRun(handle: ReturnType<TestWorkflowEnvironment['client']['schedule']['getHandle']>) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const recent = (await handle.describe()).info.recentActions.at(-1);
    if (recent) {
      const workflow = env.client.workflow.getHandle(recent.action.workflow.workflowId);
      return await workflow.result();
    }
    if (Date.now() > deadline) throw new Error('the Schedule started no run');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
