/**
 * Fault injection (`npm run test:faults`, also run by .ci/run): the system as deployed — `npm run api` and
 * two `npm run worker` processes (the same command lines, spawned directly so a SIGKILL reaches the process
 * itself) against the Temporal dev server and a Postgres of their own — carries 50 dossiers from the desk
 * to a decision over the JSON API while workers are SIGKILLed at random moments (and restarted) and Postgres
 * is stopped and started once. Afterwards the database must show nothing lost or doubled.
 *
 * Dates: the dev server runs on the real clock, so the application's date of death is derived from today.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { migrateUp } from '../../db/migrate';
import { createPool } from '../../db/pool';
import { legalDateOf } from '../../domain/legal-time';
import { ensureDatabase } from '../../runtime/embedded-postgres';
import { seedDemoData } from '../../runtime/seed';
import { publishSuccessorVersions } from '../helpers/successor-versions';
import { DEMO_COMMUNE, sampleApplication } from '../api/dossier-harness';
import { freePort } from '../helpers/ports';
import { startPostgresProcess, type PostgresProcess } from '../helpers/postgres-process';
import { processesMentioning, waitUntil } from '../helpers/processes';
import { createDevServerEnv } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');
const DOSSIERS = Number(process.env.FAULTS_DOSSIERS ?? 50);
const MIN_KILLS = 10;
// Longer than the worst wait a kill causes: an activity lost with its worker is retried after its
// start-to-close timeout (≤ 60 s, workflows/dossier/proxies.ts) plus a workflow task timeout (10 s), so an
// officer's update outlives it and no 504 is an artefact of the test's own deadline.
const CALL_TIMEOUT_MS = 90_000;
const PASSWORD = 'mat-khau-thu-loi-2026';
const CLERK = `intake_clerk.${DEMO_COMMUNE.communeCode}`;
const OFFICER = `commune_officer.${DEMO_COMMUNE.communeCode}`;
const CHAIRMAN = `commune_chairman.${DEMO_COMMUNE.communeCode}`;

interface RoleProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<void>;
}

interface Answer {
  at: number;
  method: string;
  path: string;
  /** 0: no HTTP answer at all (connection refused or reset). */
  status: number;
  code?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const random = (min: number, max: number) => min + Math.random() * (max - min);

describe('dossiers through worker kills and a Postgres restart', () => {
  const marker = `tgxh-faults-${randomUUID()}`;
  const taskQueue = `faults-${randomUUID()}`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-faults-'));
  let postgres: PostgresProcess;
  let pgPort: number;
  let databaseUrl: string;
  let pool: Pool;
  let env: TestWorkflowEnvironment;
  let apiPort: number;
  let api: RoleProcess;
  const workers: Array<RoleProcess | undefined> = [undefined, undefined];
  const spawned: RoleProcess[] = [];
  // A failure in the background (a restarted worker that does not come up) ends the run at once, with its
  // cause, instead of leaving the loops of the test waiting for kills that can no longer happen; the end of
  // the test (a timeout included) stops those loops the same way, so nothing keeps jest alive after it.
  let broken: Error | undefined;
  let failRun: (error: Error) => void = () => {};
  const runFailed = new Promise<never>((_, reject) => {
    failRun = (error) => {
      broken ??= error;
      reject(error);
    };
  });
  runFailed.catch(() => {});

  function startRole(role: 'api' | 'worker', name: string): RoleProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', `runtime/${role}-main.ts`], {
      cwd: REPO,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_NAMESPACE: env.namespace ?? 'default',
        TASK_QUEUE: taskQueue,
        PORT: String(apiPort),
        WEB_SECRET: 'secret-of-the-fault-injection-test-0123456789',
        // info: the "running against" line the test waits for is an info line of the process logger.
        LOG_LEVEL: 'info',
        // Several processes on one machine: no ops ports (runtime/ops-server.ts) to collide on.
        METRICS_PORT: '0',
        TEMPORAL_METRICS_PORT: '0',
        TEMPORAL_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS),
        PG_CONNECT_TIMEOUT_MS: '2000',
        TGXH_TEST_MARKER: marker,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const started = { name, child, output: () => output, exited };
    spawned.push(started);
    return started;
  }

  async function ready(role: RoleProcess): Promise<void> {
    await waitUntil(
      () => {
        if (role.child.exitCode !== null) throw new Error(`${role.name} exited:\n${role.output()}`);
        return /(worker|api) running against/.test(role.output());
      },
      120_000,
      `${role.name} to start`,
    );
  }

  beforeAll(async () => {
    fs.chmodSync(root, 0o755);
    pgPort = await freePort();
    apiPort = await freePort();
    postgres = await startPostgresProcess(path.join(root, 'pg'), pgPort, { TGXH_TEST_MARKER: marker });
    databaseUrl = await ensureDatabase(postgres.url, 'tgxh');
    await migrateUp(databaseUrl);
    pool = createPool(databaseUrl, { max: 4, connectTimeoutMs: 2_000 });
    await seedDemoData(pool, { password: PASSWORD });
    await publishSuccessorVersions(pool);
    env = await createDevServerEnv();
    api = startRole('api', 'api');
    workers[0] = startRole('worker', 'worker-1');
    workers[1] = startRole('worker', 'worker-2');
    await Promise.all([ready(api), ready(workers[0]), ready(workers[1])]);
  }, 300_000);

  afterAll(async () => {
    failRun(new Error('the test has ended'));
    for (const role of spawned) {
      if (role.child.exitCode !== null || role.child.signalCode !== null) continue;
      role.child.kill('SIGTERM');
      const escalate = setTimeout(() => role.child.kill('SIGKILL'), 20_000);
      await role.exited;
      clearTimeout(escalate);
    }
    await pool?.end().catch(() => {});
    await env?.teardown();
    await postgres?.stop();
    // Chromium orphaned by a SIGKILLed worker carries the marker too; it is ours, so end it by its pid.
    for (const leftover of processesMentioning(marker)) process.kill(leftover.pid, 'SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it(`carries ${DOSSIERS} dossiers to one decision each, with nothing lost or doubled`, async () => {
    const started = Date.now();
    const answers: Answer[] = [];
    let outage: { from: number; to: number } | undefined;

    /** One JSON API call, recorded; never throws for an HTTP answer. */
    async function call(
      method: string,
      route: string,
      options: { token?: string; json?: unknown; headers?: Record<string, string> } = {},
    ): Promise<{ status: number; body: Record<string, unknown> }> {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.json !== undefined) headers['content-type'] = 'application/json';
      const logged = route.replace(/\/api\/tasks\/[^/]+/, '/api/tasks/{id}');
      try {
        const response = await fetch(`http://127.0.0.1:${apiPort}${route}`, {
          method,
          headers,
          ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
          signal: AbortSignal.timeout(120_000),
        });
        const text = await response.text();
        const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
        answers.push({
          at: Date.now(),
          method,
          path: logged,
          status: response.status,
          ...(typeof body.code === 'string' ? { code: body.code } : {}),
        });
        return { status: response.status, body };
      } catch {
        answers.push({ at: Date.now(), method, path: logged, status: 0 });
        return { status: 0, body: {} };
      }
    }

    /** Calls until an answer that is not "try again" (503, 504, no answer). */
    async function persist(
      what: string,
      send: () => Promise<{ status: number; body: Record<string, unknown> }>,
    ) {
      for (let attempt = 1; ; attempt += 1) {
        const answer = await send();
        if (![0, 503, 504].includes(answer.status)) return answer;
        if (broken) throw broken;
        if (attempt > 200) throw new Error(`${what}: still ${answer.status} after ${attempt} attempts`);
        await sleep(1_000);
      }
    }

    /** Reads Postgres directly, retrying through the outage. */
    async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      for (;;) {
        try {
          return (await pool.query(sql, params)).rows as T[];
        } catch (error) {
          if (broken) throw broken;
          if (Date.now() > started + 15 * 60_000) throw error;
          await sleep(500);
        }
      }
    }

    async function openTask(code: string, stepKey: string): Promise<string> {
      const deadline = Date.now() + 600_000;
      for (;;) {
        const rows = await query<{ id: string }>(
          `SELECT id FROM tasks WHERE dossier_code = $1 AND step_key = $2 AND status = 'open'`,
          [code, stepKey],
        );
        if (rows[0]) return rows[0].id;
        if (Date.now() > deadline) throw new Error(`no open ${stepKey} task for ${code}`);
        await sleep(300);
      }
    }

    const tokens: Record<string, string> = {};
    for (const username of [CLERK, OFFICER, CHAIRMAN]) {
      const login = await call('POST', '/api/auth/login', { json: { username, password: PASSWORD } });
      expect(login.status).toBe(200);
      tokens[username] = login.body.token as string;
    }

    // Funeral support, two tiers (commune verifies, chairman decides): no posting timer on the real clock.
    const today = legalDateOf(Date.now());
    const diedOn = new Date(Date.parse(`${today}T00:00:00Z`) - 2 * 86_400_000).toISOString().slice(0, 10);

    async function complete(code: string, stepKey: string, username: string): Promise<void> {
      const taskId = await openTask(code, stepKey);
      const answer = await persist(`${stepKey} of ${code}`, () =>
        call('POST', `/api/tasks/${taskId}/complete`, {
          token: tokens[username],
          json: { outcome: 'approve' },
        }),
      );
      // 409 TASK_ALREADY_DONE: an earlier attempt, answered 503/504 or cut, did go through.
      if (answer.status === 200 || (answer.status === 409 && answer.body.code === 'TASK_ALREADY_DONE'))
        return;
      throw new Error(`${stepKey} of ${code}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }

    async function carry(index: number): Promise<string> {
      const application = sampleApplication();
      application.beneficiary = { ...application.beneficiary, diedOn };
      const intake = await persist(`intake ${index}`, () =>
        call('POST', '/api/desk/dossiers', {
          token: tokens[CLERK],
          json: { procedureId: 'funeral-support', application },
          // The desk's retry after a 503 or a cut connection is the same submission, not a second dossier.
          headers: { 'idempotency-key': `${marker}-${index}` },
        }),
      );
      if (intake.status !== 201)
        throw new Error(`intake ${index}: ${intake.status} ${JSON.stringify(intake.body)}`);
      const code = intake.body.code as string;
      await complete(code, 'verification', OFFICER);
      await complete(code, 'commune_decision', CHAIRMAN);
      const deadline = Date.now() + 600_000;
      while (
        (await query(`SELECT 1 FROM dossiers WHERE code = $1 AND status = 'completed'`, [code])).length === 0
      ) {
        if (Date.now() > deadline) throw new Error(`${code} did not complete`);
        await sleep(500);
      }
      return code;
    }

    // ── the load: one dossier every 2 s, each carried through on its own ────────────────────────────────
    let finished = 0;
    let kills = 0;
    const carried: Array<Promise<string>> = [];
    const feeding = (async () => {
      for (let i = 1; i <= DOSSIERS; i += 1) {
        // The last few dossiers wait for the kills, so every kill lands while dossiers are in flight.
        while (i > DOSSIERS - 5 && kills < MIN_KILLS) {
          if (broken) throw broken;
          await sleep(1_000);
        }
        carried.push(carry(i).finally(() => (finished += 1)));
        await sleep(2_000);
      }
    })();

    // ── the faults: SIGKILL a worker at random moments, restart it; Postgres down once ─────────────────────
    let pgRestarts = 0;
    const workerUp = [true, true];
    const restarts: Array<Promise<void>> = [];
    const killTimes: number[] = [];
    let fed = false;
    void feeding.then(() => (fed = true));
    const chaos = (async () => {
      // Until the last dossier is decided: kills after that would test nothing.
      while (!(fed && finished >= DOSSIERS)) {
        if (broken) throw broken;
        await sleep(random(2_000, 6_000));
        if (pgRestarts === 0 && finished >= DOSSIERS * 0.3) {
          const from = Date.now();
          await postgres.stop();
          await sleep(5_000);
          postgres = await startPostgresProcess(path.join(root, 'pg'), pgPort, { TGXH_TEST_MARKER: marker });
          outage = { from, to: Date.now() };
          pgRestarts += 1;
          continue;
        }
        // Kill only while both workers are up, each having worked a few seconds: a worker takes long to start
        // (it bundles the workflow code), and killing it again before it is up would only stall everything.
        if (!workerUp[0] || !workerUp[1]) continue;
        const slot = Math.random() < 0.5 ? 0 : 1;
        const victim = workers[slot]!;
        workerUp[slot] = false;
        victim.child.kill('SIGKILL');
        killTimes.push(Date.now());
        await victim.exited;
        kills += 1;
        // Restart at once or after a moment, in the background; the other worker carries on meanwhile.
        const name = `worker-${slot + 1}-after-kill-${kills}`;
        restarts.push(
          sleep(random(0, 2_000))
            .then(async () => {
              const replacement = startRole('worker', name);
              workers[slot] = replacement;
              await ready(replacement);
              workerUp[slot] = true;
            })
            .catch((error: unknown) => failRun(error instanceof Error ? error : new Error(String(error)))),
        );
      }
      await Promise.all(restarts);
    })();

    const codes = await Promise.race([
      Promise.all([feeding.then(() => Promise.all(carried)), chaos]).then(([all]) => all),
      runFailed,
    ]);
    const duration = (Date.now() - started) / 1000;

    // ── invariants, in SQL ───────────────────────────────────────────────────────────────────────────────
    const dossiers = await query<{ code: string; status: string; last_seq: number }>(
      'SELECT code, status, last_seq FROM dossiers ORDER BY code',
    );
    const perDossier = await query<{
      code: string;
      events: number;
      min_seq: number;
      max_seq: number;
      decided: number;
      completed: number;
      decisions: number;
      numbered: number;
    }>(
      `SELECT d.code,
              count(e.seq)::int AS events, min(e.seq) AS min_seq, max(e.seq) AS max_seq,
              count(*) FILTER (WHERE e.type = 'decision_issued')::int AS decided,
              count(*) FILTER (WHERE e.type = 'dossier_completed')::int AS completed,
              (SELECT count(*)::int FROM decisions x WHERE x.dossier_code = d.code) AS decisions,
              (SELECT count(*)::int FROM documents x WHERE x.dossier_code = d.code AND x.number IS NOT NULL)
                AS numbered
         FROM dossiers d JOIN dossier_events e ON e.dossier_code = d.code
        GROUP BY d.code ORDER BY d.code`,
    );
    const registers = await query<{
      issuer_code: string;
      symbol: string;
      year: number;
      n: number;
      distinct_numbers: number;
      min_number: number;
      max_number: number;
      last_number: number;
      unprinted: number;
    }>(
      `SELECT d.issuer_code, d.symbol, d.year, count(*)::int AS n, count(DISTINCT d.number)::int AS distinct_numbers,
              min(d.number) AS min_number, max(d.number) AS max_number, r.last_number,
              count(*) FILTER (WHERE d.pdf IS NULL)::int AS unprinted
         FROM documents d
         JOIN document_number_register r
           ON r.issuer_code = d.issuer_code AND r.symbol = d.symbol AND r.year = d.year
        WHERE d.number IS NOT NULL
        GROUP BY d.issuer_code, d.symbol, d.year, r.last_number`,
    );
    const doubledNotifications = await query(
      `SELECT dossier_code, seq, audience, role, kind, count(*)::int AS n FROM notifications
        GROUP BY dossier_code, seq, audience, role, kind HAVING count(*) > 1`,
    );
    const notifications = await query<{ n: number }>('SELECT count(*)::int AS n FROM notifications');
    // Messages to people (the outbox): the same text to the same person twice for one dossier is a double,
    // whatever the event that wrote it (a retried activity writes the same event again).
    const doubledMessages = await query(
      `SELECT dossier_code, channel, recipient, kind, count(*)::int AS n FROM outbox_messages
        GROUP BY dossier_code, channel, recipient, kind, body HAVING count(*) > 1`,
    );
    const messages = await query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_messages');
    const sequences = await query<{ last_value: number }>(
      'SELECT last_value FROM dossier_code_sequences WHERE unit_code = $1',
      [DEMO_COMMUNE.communeCode],
    );
    const pendingStarts = await query('SELECT code FROM dossier_starts');

    const byStatus = answers.reduce<Record<string, number>>((counts, answer) => {
      const key =
        answer.code && answer.status >= 500 ? `${answer.status} ${answer.code}` : String(answer.status);
      counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    }, {});
    const inOutage = (at: number) =>
      outage !== undefined && at >= outage.from - 1_000 && at <= outage.to + 15_000;
    const badServerErrors = answers.filter(
      (answer) =>
        answer.status >= 500 &&
        !(answer.status === 503 && answer.code === 'SERVICE_UNAVAILABLE' && inOutage(answer.at)),
    );
    const noAnswerOutsideOutage = answers.filter((answer) => answer.status === 0 && !inOutage(answer.at));

    const figures = {
      dossiers: codes.length,
      workerKills: kills,
      workerRestarts: restarts.length,
      postgresRestarts: pgRestarts,
      postgresDownSeconds: outage ? Math.round((outage.to - outage.from) / 100) / 10 : 0,
      durationSeconds: Math.round(duration),
      httpRequests: answers.length,
      answersByStatus: byStatus,
      killsAtSeconds: killTimes.map((k) => Math.round((k - started) / 1000)),
      postgresDownAtSeconds: outage ? Math.round((outage.from - started) / 1000) : null,
      notifications: notifications[0]?.n ?? 0,
      outboxMessages: messages[0]?.n ?? 0,
      registers: registers.map(
        (r) => `${r.issuer_code} ${r.symbol} ${r.year}: 1..${r.max_number} (${r.n} documents)`,
      ),
    };
    console.log(`fault injection figures: ${JSON.stringify(figures, null, 2)}`);

    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(pgRestarts).toBe(1);
    // Every dossier reached its decision exactly once, and no retry made a second dossier.
    expect(new Set(codes).size).toBe(DOSSIERS);
    expect(dossiers.map((d) => d.code).sort()).toEqual([...codes].sort());
    expect(dossiers.filter((d) => d.status !== 'completed')).toEqual([]);
    expect(sequences).toEqual([{ last_value: DOSSIERS }]);
    expect(pendingStarts).toEqual([]);
    for (const row of perDossier) {
      const dossier = dossiers.find((d) => d.code === row.code);
      // Events 1..N with no gap, N the read model's last sequence.
      expect({ code: row.code, min: row.min_seq, max: row.max_seq, events: row.events }).toEqual({
        code: row.code,
        min: 1,
        max: dossier?.last_seq,
        events: dossier?.last_seq,
      });
      expect({
        code: row.code,
        decided: row.decided,
        completed: row.completed,
        decisions: row.decisions,
      }).toEqual({
        code: row.code,
        decided: 1,
        completed: 1,
        decisions: 1,
      });
      expect({ code: row.code, numbered: row.numbered }).toEqual({ code: row.code, numbered: 1 });
    }
    expect(perDossier).toHaveLength(DOSSIERS);
    // Decision numbers gapless per register: 1..K, K documents, K the register's last number; all printed.
    expect(registers.length).toBeGreaterThan(0);
    for (const register of registers) {
      expect(register).toMatchObject({
        min_number: 1,
        max_number: register.n,
        distinct_numbers: register.n,
        last_number: register.n,
        unprinted: 0,
      });
    }
    expect(registers.reduce((sum, r) => sum + r.n, 0)).toBe(DOSSIERS);
    expect(doubledNotifications).toEqual([]);
    expect(messages[0]?.n).toBeGreaterThan(0);
    expect(doubledMessages).toEqual([]);
    // No 5xx but 503 SERVICE_UNAVAILABLE while Postgres was down (not even a 504 after a kill);
    // connections refused only during the outage too.
    expect(badServerErrors).toEqual([]);
    expect(noAnswerOutsideOutage).toEqual([]);
  }, 1_800_000);
});
