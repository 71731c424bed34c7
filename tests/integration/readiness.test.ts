/**
 * /health/ready is what an orchestrator acts on: it must go false when Postgres stops (so traffic and restarts
 * follow) and true again once Postgres is back, without restarting the process; and false when the worker no
 * longer polls its task queue. /health/live stays true throughout: the process itself is fine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createPool } from '../../db/pool';
import { startOpsServer, type OpsServer } from '../../runtime/ops-server';
import { postgresCheck, temporalCheck, workerPollerCheck } from '../../runtime/readiness';
import { createWorker } from '../../runtime/worker';
import { testDataConverter } from '../helpers/payload-keys';
import { freePort } from '../helpers/ports';
import { startPostgresProcess, type PostgresProcess } from '../helpers/postgres-process';
import { createDevServerEnv } from '../helpers/temporal';

interface Readiness {
  status: string;
  ready: boolean;
  checks: Record<string, { up: boolean; latencyMs: number }>;
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-ready-'));
let postgres: PostgresProcess;
let port: number;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let ops: OpsServer;
let pool: ReturnType<typeof createPool>;

beforeAll(async () => {
  fs.chmodSync(dataDir, 0o755);
  port = await freePort();
  [postgres, env] = await Promise.all([
    startPostgresProcess(path.join(dataDir, 'pg'), port),
    createDevServerEnv(),
  ]);
  pool = createPool(postgres.url, { max: 2, connectTimeoutMs: 1_000 });
  worker = await createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: 'readiness',
    pool,
    dataConverter: testDataConverter,
  });
  running = worker.run();
  ops = await startOpsServer(0);
  ops.addCheck('postgres', postgresCheck(pool));
  ops.addCheck('temporal', temporalCheck(env.nativeConnection, 'default'));
  ops.addCheck('worker', workerPollerCheck(worker));
});
afterAll(async () => {
  await ops?.stop();
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await pool?.end();
  await postgres?.stop();
  await env?.teardown();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function get(pathname: string): Promise<{ status: number; body: Readiness; text: string }> {
  const response = await fetch(`http://127.0.0.1:${ops.port}${pathname}`);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Readiness, text };
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('ready with Postgres, Temporal and a polling worker; not ready while Postgres is stopped; ready again after', async () => {
  await until(async () => (await get('/health/ready')).status === 200, 'the worker to poll');
  const ready = await get('/health/ready');
  expect(ready.body).toMatchObject({
    status: 'ready',
    ready: true,
    checks: { postgres: { up: true }, temporal: { up: true }, worker: { up: true } },
  });

  await postgres.stop();
  const down = await get('/health/ready');
  expect(down.status).toBe(503);
  expect(down.body).toMatchObject({
    status: 'not ready',
    ready: false,
    checks: { postgres: { up: false }, temporal: { up: true }, worker: { up: true } },
  });
  // The driver's error (addresses, ports) goes to the log, not to whoever asks.
  expect(down.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect/i);
  expect((await get('/health/live')).status).toBe(200);

  postgres = await startPostgresProcess(path.join(dataDir, 'pg'), port);
  await until(async () => (await get('/health/ready')).status === 200, 'readiness after Postgres is back');
  expect((await get('/health/ready')).body.checks.postgres?.up).toBe(true);
});

test('not ready once the worker stops polling its task queue', async () => {
  worker.shutdown();
  await running;
  const response = await get('/health/ready');
  expect(response.status).toBe(503);
  expect(response.body.checks).toMatchObject({ postgres: { up: true }, worker: { up: false } });
  expect((await get('/health/live')).status).toBe(200);
});
