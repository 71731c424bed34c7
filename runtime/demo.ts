/**
 * `npm run demo`: two dossiers driven from submission to decision purely over the HTTP API, logging in as
 * each officer in turn, then tracked as the citizen would.
 *
 * - Dossier A follows the three-tier route (commune → district). That route was in force 01/07/2021 –
 *   30/06/2025 only; the admin re-publishes it over HTTP as a new version of `monthly-allowance` in force
 *   from today (procedures are data), a citizen submits A online, and once A's workflow has snapshotted it
 *   the admin publishes today's two-tier route again, so dossier B (received at the desk) follows that one.
 *   Each dossier keeps the version it was received under.
 * - Public posting lasts 2 working days and the route waits for it: the demo runs on Temporal's time-skipping
 *   test server, and `passEndOf` moves its clock (and the API's, which follows it) past the posting's end.
 *
 * The same scenario runs in jest (tests/e2e/http-routes.test.ts). `npm run demo` brings its own embedded
 * Postgres (in a temporary directory, removed afterwards) and test server, so it never touches ./data.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { closeSharedPdfRenderer } from '../documents';
import { createApp } from '../api/app';
import { loadWorkingCalendar } from '../db/calendar';
import { migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';
import { endOfLegalDay, legalDateAt, legalDateOf } from '../domain/legal-time';
import { ensureDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { installTemporalRuntime } from './temporal/telemetry';
import { demoApplication, seedDemoData } from './seed';
import { resolveTestServer } from './temporal/tools';
import { encryptingDataConverter } from './temporal/payload-codec';
import { ephemeralKeyRing } from './temporal/payload-keys';
import { createWorker } from './worker';

// ── the scenario ──────────────────────────────────────────────────────────────────────────────────────

export interface DemoHooks {
  baseUrl: string;
  /** The password of every seeded demo user. */
  password: string;
  /** Today's legal date on the workflow clock. */
  today(): Promise<string>;
  /** Moves the workflow clock (and the API's) just past the end of a legal date. */
  passEndOf(date: string): Promise<void>;
  log(line: string): void;
}

export interface PublicTracking {
  code: string;
  status: string;
  statusText: string;
  receivedOn: string;
  appointmentDate: string | null;
  onTimeStatus: string | null;
  result: string | null;
  steps: Array<{
    kind: string;
    title: string;
    office: string;
    dueDate: string | null;
    state: string;
    onTimeStatus: string | null;
  }>;
  posting: { open: boolean; startedOn: string; endsOn: string | null } | null;
  decision: { numberLabel: string; signedOn: string } | null;
  documents: Array<{
    id: string;
    kind: string;
    title: string;
    numberLabel: string | null;
    downloadUrl: string;
  }>;
}

export interface DemoOutcome {
  threeTier: { code: string; phone: string; tracking: PublicTracking; decisionPdf: Buffer };
  twoTier: { code: string; phone: string; tracking: PublicTracking };
}

interface Reply<T> {
  status: number;
  body: T;
  headers: Headers;
}

class DemoHttp {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly hooks: DemoHooks) {}

  async call<T>(
    method: string,
    url: string,
    options: { as?: string; json?: unknown; headers?: Record<string, string>; expect?: number[] } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await this.token(options.as)}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.hooks.baseUrl}${url}`, {
      method,
      headers,
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    });
    const text = await response.text();
    const expected = options.expect ?? [200, 201];
    if (!expected.includes(response.status)) {
      throw new Error(`${method} ${url}${options.as ? ` as ${options.as}` : ''}: ${response.status} ${text}`);
    }
    const isJson = response.headers.get('content-type')?.includes('application/json');
    return {
      status: response.status,
      body: (isJson && text ? JSON.parse(text) : text) as T,
      headers: response.headers,
    };
  }

  /** Each officer logs in once per session (12 hours); `forgetSessions` after the clock jumps. */
  private async token(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) {
      const reply = await this.call<{ token: string }>('POST', '/api/auth/login', {
        json: { username, password: this.hooks.password },
      });
      token = reply.body.token;
      this.tokens.set(username, token);
      this.hooks.log(`    (${username} logs in)`);
    }
    return token;
  }

  forgetSessions(): void {
    this.tokens.clear();
  }
}

interface InboxTask {
  id: string;
  dossierCode: string;
  stepKey: string;
  title: string;
  dueDate: string;
  workingDaysLeft: number | null;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`demo: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

export async function runDemoScenario(hooks: DemoHooks): Promise<DemoOutcome> {
  const http = new DemoHttp(hooks);
  const { log } = hooks;
  const today = await hooks.today();

  /** The task an officer sees in the inbox for a dossier at a step. */
  const taskIn = (username: string, code: string, stepKey: string) =>
    until(`${stepKey} of ${code} in ${username}'s inbox`, async () => {
      const { body } = await http.call<{ tasks: InboxTask[] }>(
        'GET',
        `/api/tasks?step=${stepKey}&limit=100`,
        {
          as: username,
        },
      );
      return body.tasks.find((task) => task.dossierCode === code);
    });

  const approve = async (
    username: string,
    code: string,
    stepKey: string,
    extra: Record<string, unknown> = {},
  ) => {
    const task = await taskIn(username, code, stepKey);
    await http.call('POST', `/api/tasks/${task.id}/claim`, { as: username });
    await http.call('POST', `/api/tasks/${task.id}/complete`, {
      as: username,
      json: { outcome: 'approve', ...extra },
    });
    log(`  ${username}: ${stepKey} of ${code} → approve ("${task.title}", due ${task.dueDate})`);
  };

  const track = async (code: string, phone: string) =>
    (await http.call<PublicTracking>('GET', `/api/track/${code}`, { headers: { 'x-tracking-phone': phone } }))
      .body;

  // 1. The admin makes the three-tier route available from today (a new version of the same procedure).
  log(`Today on the workflow clock: ${today}.`);
  log('1. admin.75 publishes the three-tier monthly-allowance route as a version in force from today');
  const threeTier = await http.call<{ definition: Record<string, unknown> }>(
    'GET',
    '/api/admin/procedures/monthly-allowance/versions/1',
    { as: 'admin.75' },
  );
  const { effectiveTo: _ended, ...threeTierDefinition } = threeTier.body.definition;
  const published = await http.call<{ definition: { version: number } }>(
    'POST',
    '/api/admin/procedures/monthly-allowance/versions',
    {
      as: 'admin.75',
      json: { kind: 'definition', definition: { ...threeTierDefinition, effectiveFrom: today } },
    },
  );
  log(`   → monthly-allowance v${published.body.definition.version} (three-tier) in force from ${today}`);

  // 2. A citizen submits dossier A online; a retry with the same Idempotency-Key creates nothing new.
  const phoneA = '0912345678';
  // A takes the three-tier route: its district steps go to the commune's former district (Huyện Trảng Bom).
  const applicationA = demoApplication(
    '26170',
    {
      applicant: 'Nguyễn Thị Hoa',
      beneficiary: 'Trần Văn Bảy',
      phone: phoneA,
      born: '1941-03-15',
      idNumber: '075041000456',
    },
    {},
    'three-tier',
  );
  const submission = { procedureId: 'monthly-allowance', application: applicationA };
  const key = `demo-${randomUUID()}`;
  const submitted = await http.call<{
    code: string;
    receipt: { appointmentDate: string; appointmentIsProvisional: boolean };
  }>('POST', '/api/dossiers', { json: submission, headers: { 'idempotency-key': key } });
  const codeA = submitted.body.code;
  const retried = await http.call<{ code: string }>('POST', '/api/dossiers', {
    json: submission,
    headers: { 'idempotency-key': key },
  });
  if (retried.body.code !== codeA) throw new Error('demo: the retried submission created a second dossier');
  log(
    `2. citizen submits dossier A online → ${codeA} (provisional appointment ${submitted.body.receipt.appointmentDate});`,
  );
  log(
    `   the same request again with its Idempotency-Key → ${retried.body.code}, replayed: ${retried.headers.get('idempotent-replayed')}`,
  );

  // 3. Once A has snapshotted the three-tier route, today's two-tier route is published again for B.
  await taskIn('intake_clerk.26170', codeA, 'intake_check');
  const twoTier = await http.call<{ definition: Record<string, unknown> }>(
    'GET',
    '/api/admin/procedures/monthly-allowance/versions/2',
    { as: 'admin.75' },
  );
  // Without its end (Decree 147/2025's, 28/02/2027): published from today, it would otherwise end before it starts.
  const { effectiveTo: _twoTierEnd, ...twoTierDefinition } = twoTier.body.definition;
  const republished = await http.call<{ definition: { version: number } }>(
    'POST',
    '/api/admin/procedures/monthly-allowance/versions',
    {
      as: 'admin.75',
      json: { kind: 'definition', definition: { ...twoTierDefinition, effectiveFrom: today } },
    },
  );
  log(
    `3. admin.75 publishes the two-tier route again (v${republished.body.definition.version}); A keeps the version it was received under`,
  );

  // 4. The desk accepts A (receipt, form 01) and receives B on a citizen's behalf.
  log('4. one-stop desk');
  await approve('intake_clerk.26170', codeA, 'intake_check');
  const phoneB = '0987654321';
  const desk = await http.call<{ code: string; receipt: { appointmentDate: string; documentId?: string } }>(
    'POST',
    '/api/desk/dossiers',
    {
      as: 'intake_clerk.26170',
      json: {
        procedureId: 'monthly-allowance',
        application: demoApplication('26170', {
          applicant: 'Lê Thị Thu',
          beneficiary: 'Lê Văn Sáu',
          phone: phoneB,
          born: '1938-09-02',
          idNumber: '075038001234',
        }),
      },
    },
  );
  const codeB = desk.body.code;
  log(
    `  intake_clerk.26170: receives dossier B at the desk → ${codeB}, receipt ${desk.body.receipt.documentId ?? '(pending)'}, appointment ${desk.body.receipt.appointmentDate}`,
  );

  // 5. The commune officer verifies both at once (same step: bulk approval).
  const verifications = [
    await taskIn('commune_officer.26170', codeA, 'verification'),
    await taskIn('commune_officer.26170', codeB, 'verification'),
  ];
  const bulk = await http.call<{ succeeded: number; failed: number }>('POST', '/api/tasks/bulk-complete', {
    as: 'commune_officer.26170',
    json: {
      taskIds: verifications.map((task) => task.id),
      outcome: 'approve',
      note: 'Đủ điều kiện, đã đối chiếu CSDL dân cư',
    },
  });
  log(
    `5. commune_officer.26170: bulk-approves verification of A and B → ${bulk.body.succeeded} done, ${bulk.body.failed} failed`,
  );

  // 6. Public posting: the citizen of A files a complaint, the commune chairman resolves it.
  const postingA = await until(
    'the posting of A',
    async () => (await track(codeA, phoneA)).posting ?? undefined,
  );
  const postingB = await until(
    'the posting of B',
    async () => (await track(codeB, phoneB)).posting ?? undefined,
  );
  log(`6. public posting of A until ${postingA.endsOn}, of B until ${postingB.endsOn}`);
  await http.call('POST', `/api/track/${codeA}/complaints`, {
    headers: { 'x-tracking-phone': phoneA },
    json: {
      complaintId: `demo-${randomUUID()}`,
      complainant: 'Lê Văn Tư',
      content: 'Đề nghị xác minh lại hoàn cảnh của ông Trần Văn Bảy',
    },
  });
  log('  citizen: files a complaint about A during the posting');
  await approve('commune_chairman.26170', codeA, 'public_posting', {
    reason: 'Đã xác minh tại khu phố: khiếu nại không có cơ sở',
  });

  // 7. The clock passes the end of both postings.
  const postingEnd = [postingA.endsOn ?? today, postingB.endsOn ?? today].sort().at(-1)!;
  await hooks.passEndOf(postingEnd);
  http.forgetSessions();
  log(`7. the clock moves past ${postingEnd}: both postings end (officers log in again on the new day)`);

  // 8. Three tiers for A: commune proposal, district appraisal and decision. Two tiers for B: commune decision.
  log('8. decisions');
  await approve('commune_chairman.26170', codeA, 'commune_proposal');
  await approve('commune_chairman.26170', codeB, 'commune_decision');
  await approve('district_officer.737', codeA, 'district_appraisal');
  await approve('district_chairman.737', codeA, 'district_decision');

  // 9. Both citizens track their dossiers.
  const finished = (code: string, phone: string) =>
    until(`the result of ${code}`, async () => {
      const tracking = await track(code, phone);
      return tracking.status === 'completed' && tracking.documents.some((d) => d.kind === 'decision_grant')
        ? tracking
        : undefined;
    });
  const trackingA = await finished(codeA, phoneA);
  const trackingB = await finished(codeB, phoneB);
  log('9. citizens track their dossiers');
  for (const tracking of [trackingA, trackingB]) {
    log(
      `  ${tracking.code}: ${tracking.statusText}; appointment ${tracking.appointmentDate} (${tracking.onTimeStatus}); decision ${tracking.decision?.numberLabel} of ${tracking.decision?.signedOn}`,
    );
    for (const step of tracking.steps) {
      log(
        `    - ${step.title} | ${step.office} | due ${step.dueDate ?? '—'} | ${step.state}${step.onTimeStatus ? `, ${step.onTimeStatus}` : ''}`,
      );
    }
    log(
      `    documents: ${tracking.documents.map((d) => `${d.title}${d.numberLabel ? ` ${d.numberLabel}` : ''}`).join('; ')}`,
    );
  }
  const decisionA = trackingA.documents.find((d) => d.kind === 'decision_grant')!;
  const pdf = await fetch(`${hooks.baseUrl}${decisionA.downloadUrl}`, {
    headers: { 'x-tracking-phone': phoneA },
  });
  const decisionPdf = Buffer.from(await pdf.arrayBuffer());
  log(
    `  citizen of A downloads the decision: ${pdf.headers.get('content-type')}, ${decisionPdf.length} bytes`,
  );

  return {
    threeTier: { code: codeA, phone: phoneA, tracking: trackingA, decisionPdf },
    twoTier: { code: codeB, phone: phoneB, tracking: trackingB },
  };
}

// ── the system the scenario runs against ─────────────────────────────────────────────────────────────

export interface DemoSystem {
  baseUrl: string;
  password: string;
  hooks(log: (line: string) => void): DemoHooks;
  stop(): Promise<void>;
}

/**
 * The API and a worker on `pool` and a time-skipping Temporal environment, the demo users seeded with one
 * generated password, and both clocks moved to 08:00 of the next working day so the scenario never straddles
 * midnight. The API's clock follows the test server's.
 */
export async function startDemoSystem(pool: Pool, env: TestWorkflowEnvironment): Promise<DemoSystem> {
  const password = randomBytes(12).toString('base64url');
  await seedDemoData(pool, { password });
  const taskQueue = `demo-${randomUUID()}`;
  // The demo's Temporal server dies with the process, and its key with it.
  const dataConverter = encryptingDataConverter(ephemeralKeyRing());
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    pool,
    dataConverter,
  });
  const running = worker.run();

  let offsetMs = 0;
  const sync = async () => {
    offsetMs = (await env.currentTimeMs()) - Date.now();
  };
  const skipTo = async (instant: number) => {
    const now = await env.currentTimeMs();
    if (instant > now) await env.sleep(instant - now);
    await sync();
  };
  const calendar = await loadWorkingCalendar(pool, { province: '75' });
  const today = legalDateOf(await env.currentTimeMs());
  await skipTo(legalDateAt(calendar.addWorkingDays(today, 1), 8));

  const app = createApp({
    pool,
    temporal: env.connection,
    dataConverter,
    namespace: env.namespace ?? 'default',
    taskQueue,
    now: () => new Date(Date.now() + offsetMs),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    password,
    hooks: (log) => ({
      baseUrl,
      password,
      today: async () => legalDateOf(await env.currentTimeMs()),
      passEndOf: (date) => skipTo(endOfLegalDay(date) + 60_000),
      log,
    }),
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      worker.shutdown();
      await running;
      await closeSharedPdfRenderer();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  installTemporalRuntime(
    { TEMPORAL_METRICS_PORT: 0, METRICS_HOST: '127.0.0.1' },
    { level: 'warn', runsWorker: false },
  );
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-demo-'));
  fs.chmodSync(root, 0o755);
  const stops: Array<() => Promise<void>> = [async () => fs.rmSync(root, { recursive: true, force: true })];
  try {
    log('Starting an embedded PostgreSQL (temporary) and the Temporal time-skipping test server…');
    const postgres = await startEmbeddedPostgres({ dataDir: path.join(root, 'pg'), port: await freePort() });
    stops.unshift(postgres.stop);
    const url = await ensureDatabase(postgres.url, 'tgxh_demo');
    await migrateUp(url);
    const pool = createPool(url, { max: 10 });
    stops.unshift(() => pool.end());
    const server = await resolveTestServer({ log });
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: {
        executable:
          server.source === 'download'
            ? { type: 'cached-download' }
            : { type: 'existing-path', path: server.path },
      },
    });
    stops.unshift(() => env.teardown());
    const system = await startDemoSystem(pool, env);
    stops.unshift(system.stop);
    log(`API at ${system.baseUrl}; demo users seeded with a generated password.`);
    log('');
    const started = performance.now();
    const outcome = await runDemoScenario(system.hooks(log));
    log('');
    log(
      `Done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${outcome.threeTier.code} (three tiers) and ${outcome.twoTier.code} (two tiers) decided.`,
    );
  } finally {
    for (const stop of stops) await stop().catch((error: unknown) => console.error(error));
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
