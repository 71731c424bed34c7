import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { freePort } from '../helpers/ports';
import { processesMentioning, waitUntil } from '../helpers/processes';
import { encryptingDataConverter } from '../../runtime/temporal/payload-codec';
import { DEV_KEY_FILE, developmentKeyRing } from '../../runtime/temporal/payload-keys';

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

const SEED_PASSWORD = 'mat-khau-demo-khoi-dong';

/** Logs in through the officer login page as a browser would (cookies, CSRF field); answers the inbox HTML. */
async function loginThroughPage(base: string, username: string): Promise<string | undefined> {
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (name) cookies.set(name, value ?? '');
    }
  };
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const form = await fetch(`${base}/can-bo/dang-nhap`);
  keep(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const posted = await fetch(`${base}/can-bo/dang-nhap`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
    body: new URLSearchParams({ _csrf: csrf, username, password: SEED_PASSWORD }),
  });
  keep(posted);
  if (posted.status !== 303) return undefined;
  const inbox = await fetch(`${base}${posted.headers.get('location') ?? ''}`, {
    headers: { cookie: cookieHeader() },
  });
  return inbox.ok ? inbox.text() : undefined;
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
      METRICS_PORT: String(await freePort()),
      TEMPORAL_METRICS_PORT: String(await freePort()),
      SEED_PASSWORD: SEED_PASSWORD,
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
    expect(first.output()).toMatch(/Citizens: +http:\/\/localhost:\d+\//);
    expect(first.output()).toMatch(/Officers: +http:\/\/localhost:\d+\/can-bo\/dang-nhap/);

    // The pages are served beside the API, and a seeded demo user logs in on the officer page.
    const base = `http://127.0.0.1:${env.PORT}`;
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Thủ tục trợ giúp xã hội');
    // Seeding runs after the banner; one attempt only once it is done (failed logins are throttled).
    await waitUntil(() => first.output().includes('Demo data'), 60_000, 'the demo users to be seeded');
    expect(await loginThroughPage(base, 'commune_officer.26170')).toContain('Việc cần làm');

    // Leave something in each store: a row in Postgres and a workflow sleeping on a durable timer.
    const password = fs.readFileSync(path.join(dataDir, 'pg.secret'), 'utf8').trim();
    const pgUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/tgxh`;
    const pg = new PgClient({ connectionString: pgUrl });
    await pg.connect();
    await pg.query(`INSERT INTO runtime_probe (id, note) VALUES ('kept', 'Dữ liệu được giữ lại')`);
    await pg.end();
    // Nobody configured payload keys: the first start generated one under DATA_DIR, for owner's eyes only.
    const keyFile = path.join(dataDir, DEV_KEY_FILE);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(keyFile, 'utf8');
    const dataConverter = encryptingDataConverter(developmentKeyRing(dataDir, () => {}));
    const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_DEV_PORT}` });
    await new Client({ connection, dataConverter }).workflow.start('runtimeProbeWorkflow', {
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
    // The same key after a restart, so what the first start encrypted still decrypts.
    expect(fs.readFileSync(keyFile, 'utf8')).toBe(key);
    const description = await new Client({ connection: connectionAgain, dataConverter }).workflow
      .getHandle('sleeping-probe')
      .describe();
    await connectionAgain.close();
    expect(description.status.name).toBe('RUNNING');

    await interruptAndCheckNothingLeft(second);
  }, 240_000);
});
