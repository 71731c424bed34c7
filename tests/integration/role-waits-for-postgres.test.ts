import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureDatabase } from '../../runtime/embedded-postgres';
import { freePort } from '../helpers/ports';
import { startPostgresProcess, type PostgresProcess } from '../helpers/postgres-process';
import { processesMentioning, waitUntil } from '../helpers/processes';
import { createDevServerEnv } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');

/**
 * A worker restarted (by an orchestrator, or after a crash) while Postgres is away must wait for it, not exit:
 * the fault-injection run once lost a worker for good this way, a SIGKILL landing just before a database
 * restart, and with it every dossier that worker would have carried.
 */
describe('`npm run worker` started while Postgres is down', () => {
  const marker = `tgxh-waits-${randomUUID()}`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-waits-'));
  let postgres: PostgresProcess | undefined;
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createDevServerEnv();
  }, 120_000);

  afterAll(async () => {
    for (const leftover of processesMentioning(marker)) process.kill(leftover.pid, 'SIGKILL');
    await postgres?.stop();
    await env?.teardown();
    fs.rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it('waits, says so once, and starts when Postgres comes back', async () => {
    const port = await freePort();
    const dataDir = path.join(root, 'pg');
    postgres = await startPostgresProcess(dataDir, port, { TGXH_TEST_MARKER: marker });
    const databaseUrl = await ensureDatabase(postgres.url, 'tgxh');
    await postgres.stop();

    const worker = spawn(process.execPath, ['--import', 'tsx', 'runtime/worker-main.ts'], {
      cwd: REPO,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_NAMESPACE: env.namespace ?? 'default',
        TASK_QUEUE: `waits-${randomUUID()}`,
        // The lines waited for are the logger's, at info.
        LOG_LEVEL: 'info',
        METRICS_PORT: '0',
        TEMPORAL_METRICS_PORT: '0',
        PG_CONNECT_TIMEOUT_MS: '1000',
        TGXH_TEST_MARKER: marker,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const alive = () => {
      if (worker.exitCode !== null) throw new Error(`the worker exited:\n${output}`);
    };

    await waitUntil(() => (alive(), /Waiting for Postgres/.test(output)), 60_000, 'the worker to wait');
    // Several seconds of retries, still alive and still waiting, and said once.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    alive();
    expect(output.match(/Waiting for Postgres/g)).toHaveLength(1);
    expect(output).not.toMatch(/worker running against/);

    postgres = await startPostgresProcess(dataDir, port, { TGXH_TEST_MARKER: marker });
    await waitUntil(() => (alive(), /worker running against/.test(output)), 90_000, 'the worker to start');

    worker.kill('SIGTERM');
    await exited;
    expect(worker.exitCode).toBe(0);
  }, 240_000);
});
