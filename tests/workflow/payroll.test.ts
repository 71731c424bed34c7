/**
 * The payroll workflows on the time-skipping server with the real activities and Postgres: a commune's list
 * built a batch at a time with a bounded history (continue-as-new), and the scheduled run over a province that
 * builds next month's list for each commune with entitlements as a child workflow. The scheduled month derives
 * from the server's today; the entitlements' months are pinned after PINNED_DATES_FROM.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { legalDateOf } from '../../domain/legal-time';
import { nextMonth } from '../../domain/payroll/month';
import { createWorker } from '../../runtime/worker';
import {
  payrollWorkflowId,
  type payrollWorkflow,
  type scheduledPayrollWorkflow,
} from '../../workflows/payroll/workflow';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { testDataConverter } from '../helpers/payload-keys';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { seedDemoData } from '../../runtime/seed';

const { EventType } = temporal.api.enums.v1;

let env: TestWorkflowEnvironment;
/** A plain client: env.client would let the server skip years ahead while it waits for a result. */
let client: Client;
let db: TestDatabase;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `payroll-${randomUUID()}`;

/** `count` monthly entitlements of 1.000.000 đ from `startMonth` in a commune (dossier rows included). */
async function insertEntitlements(communeCode: string, prefix: string, count: number, startMonth: string) {
  await db.pool.query(
    `INSERT INTO dossiers (code, procedure_id, procedure_version, procedure_title, tier, channel, status,
       commune_code, province_code, applicant_name, applicant_phone, applicant_id_last4, beneficiary_name,
       application, received_at, received_on)
     SELECT $1 || lpad(n::text, 4, '0'), 'monthly-allowance', 4, 'Trợ cấp xã hội hằng tháng', 'two-tier', 'walk_in',
            'decided', $2, '75', 'Nguyễn Thị Hoa', '0912345678', '0123', 'Nguyễn Thị Hoa', '{}',
            '2054-01-05T02:00:00Z', '2054-01-05'
       FROM generate_series(1, $3) AS n`,
    [prefix, communeCode, count],
  );
  await db.pool.query(
    `INSERT INTO entitlements (dossier_code, beneficiary_name, kind, monthly_amount, start_month, payer_role,
       commune_code, status, created_at)
     SELECT $1 || lpad(n::text, 4, '0'), 'Nguyễn Thị Hoa', 'monthly', 1000000, $4, 'payment_officer', $2, 'active', now()
       FROM generate_series(1, $3) AS n`,
    [prefix, communeCode, count, startMonth],
  );
}

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  client = new Client({ connection: env.connection, dataConverter: testDataConverter });
  db = await createTestDatabase();
  await seedDemoData(db.pool, { password: 'mat-khau-thu-nghiem-2026' });
  worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    pool: db.pool,
    dataConverter: testDataConverter,
    activities: createActivities({ pool: db.pool }),
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await db?.drop();
  await env?.teardown();
});

test('a commune of 45 is built 10 at a time, continuing as new every 2 batches: every line once, histories short', async () => {
  await insertEntitlements('26173', '26173-540105-', 45, '2054-02');
  const handle = await client.workflow.start<typeof payrollWorkflow>('payrollWorkflow', {
    taskQueue,
    workflowId: payrollWorkflowId('26173', '2054-02'),
    args: [
      {
        communeCode: '26173',
        month: '2054-02',
        preparedBy: null,
        bounds: { batchSize: 10, batchesPerRun: 2 },
      },
    ],
  });
  const summary = await handle.result();
  expect(summary).toMatchObject({ built: true, lineCount: 45, total: 45_000_000 });
  // Runs of 2 batches each: the first continued as new; the last one's history is a handful of events.
  const first = await env.client.workflow
    .getHandle(handle.workflowId, handle.firstExecutionRunId)
    .fetchHistory();
  expect(first.events!.at(-1)!.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  expect(first.events!.length).toBeLessThan(40);
  expect((await handle.fetchHistory()).events!.length).toBeLessThan(40);
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS lines, count(DISTINCT dossier_code)::int AS entitlements, max(line_no) AS last
       FROM payroll_lines l JOIN payrolls p ON p.id = l.payroll_id WHERE p.commune_code = '26173'`,
  );
  expect(rows[0]).toEqual({ lines: 45, entitlements: 45, last: 45 });
});

test('the scheduled run builds next month for each commune of the province that has entitlements', async () => {
  await insertEntitlements('26170', '26170-540105-', 3, '2054-01');
  const month = nextMonth(legalDateOf(await env.currentTimeMs()).slice(0, 7));
  const summary = await client.workflow.execute<typeof scheduledPayrollWorkflow>('scheduledPayrollWorkflow', {
    taskQueue,
    workflowId: `payroll-run-75-${randomUUID()}`,
    args: [{ unitCode: '75' }],
  });
  expect(summary.month).toBe(month);
  // Communes 26170 and 26173; the other communes of the province have no entitlements and get no list.
  expect(summary.communes).toBe(2);
  const { rows } = await db.pool.query(
    `SELECT commune_code, state, built_at IS NOT NULL AS built FROM payrolls WHERE month = $1 ORDER BY commune_code`,
    [month],
  );
  expect(rows).toEqual([
    { commune_code: '26170', state: 'draft', built: true },
    { commune_code: '26173', state: 'draft', built: true },
  ]);
  // Every month from 01/2054 (26170) or 02/2054 (26173) through next month is owed, 1.000.000 đ each (the
  // months are pinned after today, so the lists are empty until the clock reaches them).
  const owed = (start: string) => (start <= month ? monthsBetween(start, month) : 0) * 1_000_000;
  expect(summary.total).toBe(3 * owed('2054-01') + 45 * owed('2054-02'));

  // A month given: 26170 pays 01–03/2054 (first payment with arrears), 26173 only 03 (02 was on its last list).
  const march = await client.workflow.execute<typeof scheduledPayrollWorkflow>('scheduledPayrollWorkflow', {
    taskQueue,
    workflowId: `payroll-run-75-${randomUUID()}`,
    args: [{ unitCode: '75', month: '2054-03' }],
  });
  expect(march).toEqual({
    month: '2054-03',
    communes: 2,
    lineCount: 3 * 3 + 45,
    total: 54_000_000,
    notBuilt: [],
  });
});

test('a commune whose list is already being built is reported; the other communes are built all the same', async () => {
  // An officer's build of 26170 for 04/2054 still running (on a queue no worker polls, so it stays running).
  const busy = await client.workflow.start<typeof payrollWorkflow>('payrollWorkflow', {
    taskQueue: `${taskQueue}-idle`,
    workflowId: payrollWorkflowId('26170', '2054-04'),
    args: [{ communeCode: '26170', month: '2054-04', preparedBy: null }],
  });
  try {
    const april = await client.workflow.execute<typeof scheduledPayrollWorkflow>('scheduledPayrollWorkflow', {
      taskQueue,
      workflowId: `payroll-run-75-${randomUUID()}`,
      args: [{ unitCode: '75', month: '2054-04' }],
    });
    expect(april).toEqual({
      month: '2054-04',
      communes: 2,
      lineCount: 45,
      total: 45_000_000,
      notBuilt: [{ communeCode: '26170', reason: 'already_running' }],
    });
    const { rows } = await db.pool.query(
      `SELECT commune_code FROM payrolls WHERE month = '2054-04' AND built_at IS NOT NULL ORDER BY commune_code`,
    );
    expect(rows).toEqual([{ commune_code: '26173' }]);
  } finally {
    await busy.terminate('test over');
  }
});

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}
