/**
 * The monthly payroll's Temporal Schedule on a real dev server (the time-skipping server has no schedules): set
 * over the API for a province (default the 15th, then moved), refused past the 24th and outside the caller's
 * scope, and when it fires it builds next month's list of each commune with entitlements.
 *
 * Independent of the day it runs: the dev server's clock is the real one, so the runs are the Schedule's
 * backfills of pinned days (after PINNED_DATES_FROM). A backfilled action carries its scheduled time, as a run
 * the Schedule catches up late does; the month built follows from that time, never from the run's clock.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { ensurePayrollSchedules, payrollScheduleId } from '../../app/payrolls/schedule';
import { communesUnder } from '../../db/payrolls';
import { createWorker } from '../../runtime/worker';
import { startTestApi, type TestApi } from '../api/harness';
import { insertMonthlyEntitlement } from '../helpers/dossier-rows';
import { testDataConverter } from '../helpers/payload-keys';
import { createDevServerEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let api: TestApi;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `payroll-schedule-${randomUUID()}`;

beforeAll(async () => {
  env = await createDevServerEnv();
  api = await startTestApi({
    deps: { temporal: env.connection, taskQueue },
    now: new Date('2054-03-01T01:00:00Z'),
  });
  worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    pool: api.db.pool,
    dataConverter: testDataConverter,
    activities: createActivities({ pool: api.db.pool }),
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await api?.close();
  await env?.teardown();
});

test('a province’s schedule: the 15th by default, another day on request, and a run builds next month', async () => {
  // Paid from February 2054: a list for April holds February, March (arrears) and April, 1.000.000 đ each.
  await insertMonthlyEntitlement(api.db.pool, '26170-540201-0001', {
    signedOn: '2054-02-01',
    coefficient: 2,
    baseLevel: 500_000,
    startMonth: '2054-02',
  });
  const admin = await api.login('admin.75');
  const byDefault = await api.request('PUT', '/api/payrolls/schedules/75', { token: admin, json: {} });
  expect(byDefault.status).toBe(200);
  const handle = env.client.schedule.getHandle(payrollScheduleId('75'));
  expect((await handle.describe()).spec.calendars?.[0]).toMatchObject({
    dayOfMonth: [{ start: 15, end: 15, step: 1 }],
    hour: [{ start: 0, end: 0, step: 1 }],
  });
  expect(
    (await api.request('PUT', '/api/payrolls/schedules/75', { token: admin, json: { dayOfMonth: 20 } }))
      .status,
  ).toBe(200);
  expect((await handle.describe()).spec.calendars?.[0]).toMatchObject({
    dayOfMonth: [{ start: 20, end: 20, step: 1 }],
  });

  const late = await api.request('PUT', '/api/payrolls/schedules/75', {
    token: admin,
    json: { dayOfMonth: 25 },
  });
  expect(late.status).toBe(400);
  const officer = await api.login('payment_officer.26173');
  expect(
    (await api.request('PUT', '/api/payrolls/schedules/26170', { token: officer, json: {} })).status,
  ).toBe(403);

  // The run of 20/03/2054 (07:00 in Vietnam), started late as a catch-up would be: it builds April.
  await handle.backfill([{ start: new Date('2054-03-19T23:00:00Z'), end: new Date('2054-03-20T01:00:00Z') }]);
  const built = await waitFor(async () => {
    const { rows } = await api.db.pool.query<{ month: string; total: string }>(
      `SELECT p.month, coalesce(sum(l.amount), 0)::text AS total
         FROM payrolls p LEFT JOIN payroll_lines l ON l.payroll_id = p.id
        WHERE p.commune_code = '26170' AND p.built_at IS NOT NULL GROUP BY p.month`,
    );
    return rows[0];
  });
  expect(built).toEqual({ month: '2054-04', total: '3000000' });
});

test('a commune is built by one schedule, the nearest: under a scheduled province 409; a province over a scheduled commune skips it', async () => {
  // The province's schedule (previous test) builds every commune: neither a commune nor the former district
  // gets one of its own.
  const communeOfficer = await api.login('payment_officer.26170');
  const under = await api.request<{ code: string; message: string }>('PUT', '/api/payrolls/schedules/26170', {
    token: communeOfficer,
    json: { dayOfMonth: 10 },
  });
  expect(under.status).toBe(409);
  expect(under.body).toEqual({
    code: 'PAYROLL_SCHEDULE_OVERLAP',
    message:
      'Tỉnh Đồng Nai đã có lịch lập bảng kê cho mọi xã, phường trực thuộc, kể cả đơn vị này: đổi ngày trong ' +
      'lịch đó thay vì đặt lịch riêng',
  });
  const districtOfficer = await api.login('payment_officer.737');
  expect(
    (await api.request('PUT', '/api/payrolls/schedules/737', { token: districtOfficer, json: {} })).status,
  ).toBe(409);
  const schedules = async () =>
    (await api.db.pool.query('SELECT unit_code FROM payroll_schedules ORDER BY unit_code')).rows;
  expect(await schedules()).toEqual([{ unit_code: '75' }]);
  await expect(env.client.schedule.getHandle(payrollScheduleId('26170')).describe()).rejects.toThrow();

  // Hố Nai 3 pays someone too: the province's run builds both communes.
  await insertMonthlyEntitlement(api.db.pool, '26173-540201-0002', {
    signedOn: '2054-02-01',
    coefficient: 2,
    baseLevel: 500_000,
    startMonth: '2054-02',
  });
  await api.db.pool.query(
    `UPDATE entitlements SET commune_code = '26173' WHERE dossier_code = '26173-540201-0002'`,
  );
  expect(await communesUnder(api.db.pool, '75')).toEqual(['26170', '26173']);

  // The other way: with the province's schedule gone, a commune has its own; the province's is set again over
  // it (as the startup default would be) and its run skips that commune, which its own schedule builds. Every
  // commune has exactly one list builder.
  await env.client.schedule.getHandle(payrollScheduleId('75')).delete();
  await api.db.pool.query(`DELETE FROM payroll_schedules WHERE unit_code = '75'`);
  const own = await api.request('PUT', '/api/payrolls/schedules/26173', {
    token: await api.login('payment_officer.26173'),
    json: { dayOfMonth: 12 },
  });
  expect(own.status).toBe(200);
  const admin = await api.login('admin.75');
  const over = await api.request('PUT', '/api/payrolls/schedules/75', { token: admin, json: {} });
  expect(over.status).toBe(200);
  expect(await schedules()).toEqual([{ unit_code: '26173' }, { unit_code: '75' }]);
  expect(await communesUnder(api.db.pool, '75')).toEqual(['26170']);
  expect(await communesUnder(api.db.pool, '26173')).toEqual(['26173']);
  await env.client.schedule.getHandle(payrollScheduleId('75')).describe();
  await env.client.schedule.getHandle(payrollScheduleId('26173')).describe();
});

test('at start every province in force without its own schedule gets the 15th; a day set is never overwritten', async () => {
  // Left by the previous test: Hố Nai 3's own schedule and the province's; the province's row is lost.
  await api.db.pool.query(`DELETE FROM payroll_schedules WHERE unit_code = '75'`);
  await ensurePayrollSchedules(api.deps);
  const rows = async () =>
    (
      await api.db.pool.query(
        `SELECT unit_code, day_of_month, updated_by FROM payroll_schedules WHERE unit_code IN ('75', '26173')
          ORDER BY unit_code`,
      )
    ).rows;
  // A commune with its own schedule no longer leaves the province's other communes without a list.
  expect(await rows()).toEqual([
    { unit_code: '26173', day_of_month: 12, updated_by: 'payment_officer.26173' },
    { unit_code: '75', day_of_month: 15, updated_by: 'system' },
  ]);
  const admin = await api.login('admin.75');
  expect(
    (await api.request('PUT', '/api/payrolls/schedules/75', { token: admin, json: { dayOfMonth: 20 } }))
      .status,
  ).toBe(200);
  await ensurePayrollSchedules(api.deps);
  expect((await rows())[1]).toEqual({ unit_code: '75', day_of_month: 20, updated_by: 'admin.75' });
  const handle = env.client.schedule.getHandle(payrollScheduleId('75'));
  expect((await handle.describe()).spec.calendars?.[0]).toMatchObject({
    dayOfMonth: [{ start: 20, end: 20, step: 1 }],
  });
  const { rows: all } = await api.db.pool.query<{ unit_code: string }>(
    'SELECT unit_code FROM payroll_schedules',
  );
  for (const row of all) await env.client.schedule.getHandle(payrollScheduleId(row.unit_code)).delete();
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('the scheduled payroll run did not build the list in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
