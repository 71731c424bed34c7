/**
 * `npm start` as a person runs it, in a child process (runtime/start.ts): its own Temporal dev server, worker,
 * API and notifier, over the bench's database. Measured from outside, over HTTP, as issue 17's first figures
 * were. Answers once the first start's seeding is done (the system is then idle again).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createPool } from '../../db/pool';
import { freePort } from '../../tests/helpers/ports';

export const BENCH_PASSWORD = 'mat-khau-do-hieu-nang-2026';

export interface RunningStart {
  baseUrl: string;
  /** The worker's Temporal SDK metrics (Prometheus text). */
  temporalMetricsUrl: string;
  pid: number | undefined;
  output(): string;
  stop(): Promise<void>;
}

export async function runNpmStart(options: {
  dir: string;
  databaseUrl: string;
  env?: Record<string, string>;
  /** Options for node itself, e.g. `--cpu-prof` (which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
}): Promise<RunningStart> {
  const port = await freePort();
  const temporalMetricsPort = await freePort();
  const root = path.join(__dirname, '..', '..');
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(root, 'runtime', 'start.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: path.join(options.dir, 'start'),
        DATABASE_URL: options.databaseUrl,
        PORT: String(port),
        TEMPORAL_DEV_PORT: String(await freePort()),
        TEMPORAL_UI_PORT: String(await freePort()),
        // Ports of their own, so two benches (or a bench beside a running system) never collide.
        METRICS_PORT: String(await freePort()),
        TEMPORAL_METRICS_PORT: String(temporalMetricsPort),
        SEED_PASSWORD: BENCH_PASSWORD,
        // Loopback may name the client in X-Forwarded-For: the submission bench comes from many "addresses".
        TRUST_PROXY: 'loopback',
        ONLINE_SUBMISSIONS_PER_UNIT_PER_DAY: '4999',
        LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    process.removeListener('exit', killOnExit);
  };
  // Ready, then the first start's seeding (users, and demo dossiers on a database without dossiers). The
  // banner is an info line, hidden at LOG_LEVEL=warn (kept so that no request logs a line during the load):
  // so /health answering, users in the database, and the read model quiet for three seconds.
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  const pool = createPool(options.databaseUrl, { max: 1 });
  try {
    let seen = '';
    let quietSince = Date.now();
    for (;;) {
      if (child.exitCode !== null || Date.now() > deadline || /Seeding the demo data failed/.test(output)) {
        await stop();
        throw new Error(`npm start did not come up:\n${output}`);
      }
      const up = await fetch(`${baseUrl}/health`).then(
        (response) => response.ok,
        () => false,
      );
      const counts = await pool
        .query<{ state: string }>(
          `SELECT (SELECT count(*) FROM users) || ':' || (SELECT count(*) FROM dossier_events) AS state`,
        )
        .then(
          ({ rows }) => rows[0]!.state,
          () => 'migrating',
        );
      const state = `${up}:${counts}`;
      if (state !== seen) [seen, quietSince] = [state, Date.now()];
      else if (up && !state.startsWith('true:0:') && Date.now() - quietSince >= 3000) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await pool.end();
  }
  return {
    baseUrl,
    temporalMetricsUrl: `http://127.0.0.1:${temporalMetricsPort}/metrics`,
    pid: child.pid,
    output: () => output,
    stop,
  };
}

/** Logs in over the API and answers the bearer token. */
export async function login(baseUrl: string, username: string, password = BENCH_PASSWORD): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`login ${username}: ${response.status}`);
  return body.token;
}
