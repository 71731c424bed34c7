import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { freePort } from '../helpers/ports';
import { processesMentioning, waitUntil } from '../helpers/processes';

const REPO = path.resolve(__dirname, '../..');

/** `npm start` exactly as a person runs it, on its own data directory and ports. */
function npmStart(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn('npm', ['start'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return { child, output: () => output };
}

async function healthy(
  port: number,
): Promise<{ status: string; postgres: { up: boolean }; temporal: { up: boolean } } | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    return response.ok ? ((await response.json()) as Awaited<ReturnType<typeof healthy>>) : undefined;
  } catch {
    return undefined;
  }
}

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-start-'));
  fs.chmodSync(dataDir, 0o755);
  let env: Record<string, string>;

  beforeAll(async () => {
    env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
    };
  });
  afterAll(() => {
    for (const { pid } of processesMentioning(dataDir)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function startAndWait(label: string) {
    const started = Date.now();
    const run = npmStart(env);
    await waitUntil(
      async () => (await healthy(Number(env.PORT))) !== undefined,
      90_000,
      `${label}: /health`,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- npm start output ---\n${run.output()}`);
    });
    console.log(`${label}: healthy after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return run;
  }

  async function interruptAndCheckNothingLeft(run: { child: ChildProcess; output: () => string }) {
    expect(processesMentioning(dataDir).some((p) => p.command.includes('postgres'))).toBe(true);
    expect(processesMentioning(dataDir).some((p) => p.command.includes('start-dev'))).toBe(true);
    run.child.kill('SIGINT');
    await waitUntil(() => processesMentioning(dataDir).length === 0, 30_000, 'every process to stop').catch(
      (error: Error) => {
        throw new Error(`${error.message}: ${JSON.stringify(processesMentioning(dataDir))}\n${run.output()}`);
      },
    );
    expect(run.output()).toContain('Stopped.');
  }

  it('serves /health with Postgres and Temporal up, stops cleanly on SIGINT, and keeps data for the next start', async () => {
    const first = await startAndWait('first start');
    const report = await healthy(Number(env.PORT));
    expect(report).toMatchObject({ status: 'ok', postgres: { up: true }, temporal: { up: true } });
    expect(first.output()).toMatch(/Temporal Web UI: +http:\/\/127\.0\.0\.1:\d+/);

    // Leave something in each store: a row in Postgres and a workflow sleeping on a durable timer.
    const password = fs.readFileSync(path.join(dataDir, 'pg.secret'), 'utf8').trim();
    const pgUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/tgxh`;
    const pg = new PgClient({ connectionString: pgUrl });
    await pg.connect();
    await pg.query(`INSERT INTO runtime_probe (id, note) VALUES ('kept', 'Dữ liệu được giữ lại')`);
    await pg.end();
    const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_DEV_PORT}` });
    await new Client({ connection }).workflow.start('runtimeProbeWorkflow', {
      taskQueue: 'tgxh-dossiers',
      workflowId: 'sleeping-probe',
      args: [{ id: 'sleeping-probe', note: 'waiting', sleepFor: '30 days' }],
    });
    await connection.close();

    await interruptAndCheckNothingLeft(first);

    const second = await startAndWait('second start');
    const pgAgain = new PgClient({ connectionString: pgUrl });
    await pgAgain.connect();
    const { rows } = await pgAgain.query(`SELECT note FROM runtime_probe WHERE id = 'kept'`);
    await pgAgain.end();
    expect(rows).toEqual([{ note: 'Dữ liệu được giữ lại' }]);
    const connectionAgain = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_DEV_PORT}` });
    const description = await new Client({ connection: connectionAgain }).workflow
      .getHandle('sleeping-probe')
      .describe();
    await connectionAgain.close();
    expect(description.status.name).toBe('RUNNING');

    await interruptAndCheckNothingLeft(second);
  }, 240_000);
});
