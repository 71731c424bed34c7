/**
 * Postgres or Temporal out of reach: the API answers 503 SERVICE_UNAVAILABLE (a Vietnamese message, never a
 * 500), an update that no worker runs answers within its deadline, and everything works again by itself once
 * the service is back. Postgres here is a server of this file's own, so it can be stopped mid-test.
 */
import { testDataConverter } from '../helpers/payload-keys';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Pool } from 'pg';
import { createApp, type AppDeps } from '../../api/app';
import { startPendingDossiers } from '../../app/dossiers/submission';
import { migrateUp } from '../../db/migrate';
import { createPool } from '../../db/pool';
import { ensureDatabase } from '../../runtime/embedded-postgres';
import { createHttpApp } from '../../runtime/http-app';
import { seedDemoData } from '../../runtime/seed';
import { freePort } from '../helpers/ports';
import { startPostgresProcess, type PostgresProcess } from '../helpers/postgres-process';
import { DEMO_PASSWORD } from './harness';
import {
  DEMO_COMMUNE,
  openTaskId,
  receiveAtDesk,
  sampleApplication,
  startDossierApi,
  type DossierApi,
} from './dossier-harness';

async function listen(app: ReturnType<typeof createApp>): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function call(
  url: string,
  method: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown>; text: string; headers: Headers }> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // a page
  }
  return { status: response.status, body: parsed, text, headers: response.headers };
}

describe('Postgres stopped and started again', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-outage-pg-'));
  let port: number;
  let postgres: PostgresProcess;
  let pool: Pool;
  let temporal: Connection;
  let http: { url: string; close(): Promise<void> };
  const errors: unknown[] = [];

  beforeAll(async () => {
    fs.chmodSync(root, 0o755);
    port = await freePort();
    postgres = await startPostgresProcess(path.join(root, 'pg'), port);
    const url = await ensureDatabase(postgres.url, 'tgxh');
    await migrateUp(url);
    // Short bounds, so the outage is noticed in well under a second.
    pool = createPool(url, { max: 4, connectTimeoutMs: 1_000 });
    await seedDemoData(pool, { password: DEMO_PASSWORD });
    temporal = Connection.lazy({ address: '127.0.0.1:1' });
    const deps: AppDeps = {
      pool,
      temporal,
      namespace: 'default',
      taskQueue: 'not-polled',
      dataConverter: testDataConverter,
      logError: (_message, error) => errors.push(error),
    };
    http = await listen(createHttpApp({ ...deps, webSecret: 'secret-of-the-outage-test-0123456789abcdef' }));
  }, 120_000);

  afterAll(async () => {
    await http?.close();
    await pool?.end().catch(() => {});
    await temporal?.close();
    await postgres?.stop().catch(() => {});
    fs.rmSync(root, { recursive: true, force: true });
  }, 60_000);

  test('answers 503 SERVICE_UNAVAILABLE (JSON and pages) while it is down, and 200 again once it is back', async () => {
    const login = () =>
      call(`${http.url}/api/auth/login`, 'POST', { username: 'admin.75', password: DEMO_PASSWORD });
    const before = await login();
    expect(before.status).toBe(200);
    const token = before.body.token as string;
    expect((await call(`${http.url}/api/admin/users`, 'GET', undefined, token)).status).toBe(200);

    await postgres.stop();

    const started = Date.now();
    for (const answer of [
      await login(),
      await call(`${http.url}/api/admin/users`, 'GET', undefined, token),
    ]) {
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        message: expect.stringContaining('Hệ thống tạm thời gián đoạn'),
      });
      expect(answer.headers.get('retry-after')).toBe('30');
    }
    const page = await call(`${http.url}/`, 'GET');
    expect(page.status).toBe(503);
    expect(page.text).toContain('Hệ thống tạm thời gián đoạn');
    // Quickly: bounded by the pool's connect timeout, not by a TCP or pool queue that never ends.
    expect(Date.now() - started).toBeLessThan(10_000);
    // An outage is not a bug: nothing was logged as an unexpected error.
    expect(errors).toEqual([]);

    // Same data directory and port: the server comes back with its data, and the API without a restart.
    postgres = await startPostgresProcess(path.join(root, 'pg'), port);
    const after = await login();
    expect(after.status).toBe(200);
    expect((await call(`${http.url}/api/admin/users`, 'GET', undefined, token)).status).toBe(200);
    expect((await call(`${http.url}/`, 'GET')).status).toBe(200);
  }, 120_000);
});

describe('Temporal out of reach, and no worker running', () => {
  let api: DossierApi;

  beforeAll(async () => {
    api = await startDossierApi({ deps: { temporalCallTimeoutMs: 2_000 } });
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
  }, 60_000);

  test('with Temporal unreachable a task action answers 503, and a submission is kept and started later', async () => {
    const code = await receiveAtDesk(api);
    const taskId = await openTaskId(api, code, 'verification');
    const unreachable = Connection.lazy({ address: '127.0.0.1:1' });
    const down = await listen(
      createApp({
        pool: api.db.pool,
        temporal: unreachable,
        namespace: 'default',
        taskQueue: api.taskQueue,
        dataConverter: testDataConverter,
        now: () => api.clock.now,
        temporalCallTimeoutMs: 2_000,
      }),
    );
    try {
      const login = await call(`${down.url}/api/auth/login`, 'POST', {
        username: `commune_officer.${DEMO_COMMUNE.communeCode}`,
        password: DEMO_PASSWORD,
      });
      const token = login.body.token as string;
      const started = Date.now();
      const claim = await call(`${down.url}/api/tasks/${taskId}/claim`, 'POST', {}, token);
      expect(claim.status).toBe(503);
      expect(claim.body).toEqual({ code: 'SERVICE_UNAVAILABLE', message: expect.any(String) });
      // Within the 2 s deadline plus a short probe of Temporal, not for ever.
      expect(Date.now() - started).toBeLessThan(10_000);

      // The citizen's submission is received (its code is taken and kept); the workflow waits for Temporal.
      const submitted = await call(`${down.url}/api/dossiers`, 'POST', {
        procedureId: 'monthly-allowance',
        application: sampleApplication(),
      });
      expect(submitted.status).toBe(201);
      const pendingCode = submitted.body.code as string;
      const pending = await api.db.pool.query('SELECT code FROM dossier_starts');
      expect(pending.rows).toEqual([{ code: pendingCode }]);
    } finally {
      await down.close();
      await unreachable.close();
    }

    // Temporal answers again: the API process's resumer starts the kept dossier, which then runs as usual.
    const pendingCode = (await api.db.pool.query<{ code: string }>('SELECT code FROM dossier_starts'))
      .rows[0]!.code;
    expect(
      await startPendingDossiers({
        pool: api.db.pool,
        temporal: api.env.connection,
        namespace: 'default',
        taskQueue: api.taskQueue,
        dataConverter: testDataConverter,
      }),
    ).toBe(1);
    expect((await api.db.pool.query('SELECT code FROM dossier_starts')).rows).toEqual([]);
    await openTaskId(api, pendingCode, 'intake_check');
  }, 120_000);

  test('with no worker running an update answers 504 WORKFLOW_TIMEOUT within its deadline', async () => {
    const code = await receiveAtDesk(api);
    const taskId = await openTaskId(api, code, 'verification');
    await api.stopWorker();
    const token = await api.login(`commune_officer.${DEMO_COMMUNE.communeCode}`);
    const started = Date.now();
    const claim = await api.request('POST', `/api/tasks/${taskId}/claim`, { token, json: {} });
    const waited = Date.now() - started;
    expect(claim.status).toBe(504);
    expect(claim.body).toEqual({
      code: 'WORKFLOW_TIMEOUT',
      message: expect.stringContaining('chưa phản hồi'),
    });
    // The 2 s deadline, not for ever.
    expect(waited).toBeGreaterThanOrEqual(1_900);
    expect(waited).toBeLessThan(6_000);
    expect(api.errors).toEqual([]);
  }, 120_000);
});
