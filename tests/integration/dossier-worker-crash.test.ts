import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { dossierWorkflow } from '../../workflows';
import { completeTaskUpdate } from '../../workflows/dossier/messages';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { publishSuccessorVersions } from '../helpers/successor-versions';
import { act, newCode, officer, openTaskFor, sampleApplication, state, UNITS } from '../helpers/dossier';
import { processesMentioning, waitUntil } from '../helpers/processes';
import { createDevServerEnv } from '../helpers/temporal';
import { insertReceivedApplication } from '../../db/received-applications';
import { TEST_KEY_RING, TEST_PAYLOAD_KEYS } from '../helpers/payload-keys';

const REPO = path.resolve(__dirname, '../..');

/**
 * The worker runs as its own OS process (exactly `npm run worker`), so it can be killed the way a machine or
 * a container dies: SIGKILL, no shutdown hook, an open Postgres transaction and a Chromium child left
 * behind. Only the real dev server is used here: the time-skipping server would hide the activity timeout
 * that a crash actually costs.
 */
interface WorkerProcess {
  name: string;
  marker: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe('worker killed mid-dossier (dev server)', () => {
  // Every process this file starts carries RUN_MARKER in its environment (Chromium inherits it from the
  // worker), so tests/helpers/processes.ts can tell whether anything of ours outlived its parent.
  const RUN_MARKER = `tgxh-crash-${randomUUID()}`;
  const taskQueue = `dossiers-crash-${randomUUID()}`;
  const workers: WorkerProcess[] = [];
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;

  beforeAll(async () => {
    [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
    await db.pool.query(`INSERT INTO administrative_units (code, name, level, parent_code, place_name) VALUES
      ('75', 'tỉnh Đồng Nai', 'province', NULL, 'Đồng Nai'),
      ('742', 'huyện Nhơn Trạch', 'district', '75', 'Nhơn Trạch'),
      ('26491', 'xã Phước Thiền', 'commune', '742', 'Phước Thiền')`);
    await publishSuccessorVersions(db.pool);
  }, 120_000);

  afterAll(async () => {
    // Orderly stop for a worker still running; SIGKILL for anything that will not go.
    for (const worker of workers) {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) continue;
      worker.child.kill('SIGTERM');
      const escalate = setTimeout(() => worker.child.kill('SIGKILL'), 15_000);
      await worker.exited;
      clearTimeout(escalate);
    }
    // A Chromium orphaned by the SIGKILL would show up here; it is ours, so end it by its pid.
    for (const leftover of processesMentioning(RUN_MARKER)) process.kill(leftover.pid, 'SIGKILL');
    await waitUntil(() => processesMentioning(RUN_MARKER).length === 0, 15_000, 'no worker process left');
    await Promise.all([env?.teardown(), db?.drop()]);
  }, 60_000);

  function startWorkerProcess(name: string): WorkerProcess {
    const marker = `${RUN_MARKER}-${name}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'runtime/worker-main.ts'], {
      cwd: REPO,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_NAMESPACE: env.namespace ?? 'default',
        TASK_QUEUE: taskQueue,
        // The key env.client encrypts with (tests/helpers/payload-keys.ts).
        PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
        PAYLOAD_KEY_ID: TEST_KEY_RING.currentKeyId,
        // info: the "running against" line the test waits for is an info line of the process logger.
        LOG_LEVEL: 'info',
        // Several processes on one machine: no ops ports (runtime/ops-server.ts) to collide on.
        METRICS_PORT: '0',
        TEMPORAL_METRICS_PORT: '0',
        TGXH_TEST_MARKER: marker,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const worker = { name, marker, child, output: () => output, exited };
    workers.push(worker);
    return worker;
  }

  async function ready(worker: WorkerProcess): Promise<void> {
    await waitUntil(
      () => {
        if (worker.child.exitCode !== null) {
          throw new Error(`worker ${worker.name} exited (${worker.child.exitCode}):\n${worker.output()}`);
        }
        return worker.output().includes('worker running against');
      },
      90_000,
      `worker ${worker.name} to start`,
    );
  }

  /**
   * True once the decision is numbered and stored but not yet printed: issueDocument commits the number
   * with the document's HTML, then prints the PDF outside the transaction and attaches it.
   */
  async function decisionStoredNotPrinted(code: string): Promise<boolean> {
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM documents WHERE dossier_code = $1 AND number IS NOT NULL AND pdf IS NULL`,
      [code],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  async function decisionDocuments(code: string): Promise<number> {
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM documents WHERE dossier_code = $1 AND number IS NOT NULL`,
      [code],
    );
    return rows[0]?.n ?? 0;
  }

  it('a new worker finishes the dossier; nothing is lost or doubled', async () => {
    const timings: Record<string, number> = {};
    const started = Date.now();
    const mark = (label: string) => (timings[label] = Math.round((Date.now() - started) / 100) / 10);

    const first = startWorkerProcess('a');
    await ready(first);
    mark('worker A ready');
    const registerBefore = await db.pool.query('SELECT * FROM document_number_register');
    expect(registerBefore.rows).toEqual([]);

    // Two-tier monthly allowance (in force since 07/2025) without the optional posting: no multi-day timer,
    // so the dossier can finish on the real clock.
    const code = await newCode(env);
    const application = sampleApplication();
    await insertReceivedApplication(db.pool, code, application);
    const handle: WorkflowHandle<typeof dossierWorkflow> = await env.client.workflow.start(dossierWorkflow, {
      taskQueue,
      workflowId: code,
      args: [
        {
          code,
          procedureId: 'monthly-allowance',
          channel: 'walk_in',
          units: application.unit,
          receivedBy: 'intake_clerk-1',
          skipOptionalSteps: ['public_posting'],
        },
      ],
    });
    const verification = await openTaskFor(handle, 'verification');
    await act(handle, verification, 'approve');
    const deciding = await openTaskFor(handle, 'commune_decision');
    mark('deciding task open');

    // The chairman approves. startUpdate returns once the workflow has accepted the completion (it is in
    // the history): from there the officer's action must survive whatever happens to the worker.
    const update = await handle.startUpdate(completeTaskUpdate, {
      args: [
        { taskId: deciding.id, outcome: 'approve', actor: officer('commune_chairman', 'Phạm Văn Quyết') },
      ],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });

    // Kill moment: while issueDecision prints the PDF of the decision it has numbered and stored
    // (Chromium's first launch in this process makes that window hundreds of milliseconds wide). This is
    // the worst place to die: a number is taken, the document has no PDF yet, the activity's result never
    // reported. Killing "right after the update is accepted" instead would land on a random one of the
    // small activities before it; polling Postgres for the stored document makes the moment deterministic.
    await waitUntilFast(
      () => decisionStoredNotPrinted(code),
      60_000,
      'issueDecision to number and store the decision',
      () => first.output(),
    );
    expect(first.child.kill('SIGKILL')).toBe(true);
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    mark('worker A killed (SIGKILL)');

    // The number stays with the stored, unprinted decision (no lock held, nothing to roll back); the
    // decision is not in the read model: the activity never reported it.
    expect(await decisionDocuments(code)).toBe(1);
    expect(await decisionStoredNotPrinted(code)).toBe(true);
    expect((await db.pool.query('SELECT last_number FROM document_number_register')).rows).toEqual([
      { last_number: 1 },
    ]);
    expect((await db.pool.query('SELECT * FROM decisions WHERE dossier_code = $1', [code])).rows).toEqual([]);
    // Worker A's Chromium exits once its pipe to the dead parent closes; nothing of worker A may linger.
    await waitUntil(() => processesMentioning(first.marker).length === 0, 15_000, 'worker A to be gone');

    const second = startWorkerProcess('b');
    await ready(second);
    mark('worker B ready');

    // The server retries issueDecision once its heartbeat timeout (20 seconds) expires: that is the real
    // cost of a crash mid-activity, so the test waits for it rather than failing the activity from outside.
    // The retry finds the stored decision, prints it, and takes no second number.
    const result = await handle.result();
    mark('dossier completed');
    expect(result).toMatchObject({ code, status: 'completed', decisionNumber: 'Số: 01/QĐ-UBND' });
    expect(await update.result()).toMatchObject({ taskId: deciding.id, status: 'done' });

    // ── nothing lost or doubled ───────────────────────────────────────────────────────────────────────
    const timeline = (await state(handle)).timeline;
    const { rows: events } = await db.pool.query<{ seq: number; type: string }>(
      'SELECT seq, type FROM dossier_events WHERE dossier_code = $1 ORDER BY seq',
      [code],
    );
    // Seqs exactly 1..N, the same N events the workflow itself remembers.
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events).toEqual(timeline.map((entry) => ({ seq: entry.seq, type: entry.type })));
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect({
      received: count('dossier_received'),
      accepted: count('dossier_accepted'),
      opened: count('task_opened'),
      completed: count('task_completed'),
      decision: count('decision_issued'),
      entitlement: count('entitlement_created'),
      finished: count('dossier_completed'),
    }).toEqual({
      received: 1,
      accepted: 1,
      opened: 2,
      completed: 2,
      decision: 1,
      entitlement: 1,
      finished: 1,
    });

    const { rows: dossier } = await db.pool.query('SELECT status, last_seq FROM dossiers WHERE code = $1', [
      code,
    ]);
    expect(dossier).toEqual([{ status: 'completed', last_seq: events.length }]);

    const { rows: decisions } = await db.pool.query<{
      number_label: string;
      issuer_code: string;
      document_id: string;
    }>('SELECT number_label, issuer_code, document_id FROM decisions WHERE dossier_code = $1', [code]);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ number_label: 'Số: 01/QĐ-UBND', issuer_code: UNITS.communeCode });
    const { rows: entitlements } = await db.pool.query(
      'SELECT monthly_amount, status FROM entitlements WHERE dossier_code = $1',
      [code],
    );
    expect(entitlements).toEqual([{ monthly_amount: 1_000_000, status: 'active' }]);

    const { rows: documents } = await db.pool.query<{ id: string; kind: string; number: number | null }>(
      'SELECT id, kind, number FROM documents WHERE dossier_code = $1 ORDER BY kind',
      [code],
    );
    expect(documents.map(({ kind, number }) => ({ kind, number }))).toEqual([
      { kind: 'grant-monthly-allowance', number: 1 },
      { kind: 'receipt-appointment', number: null },
    ]);
    expect(decisions[0]!.document_id).toBe(documents[0]!.id);
    expect(await decisionStoredNotPrinted(code)).toBe(false);

    // The issuer's register went from nothing to 1: the retry kept the number the killed attempt stored.
    const { rows: register } = await db.pool.query(
      'SELECT issuer_code, symbol, last_number FROM document_number_register',
    );
    expect(register).toEqual([{ issuer_code: UNITS.communeCode, symbol: 'QĐ-UBND', last_number: 1 }]);

    const { rows: tasks } = await db.pool.query<{ id: string; step_key: string; status: string }>(
      'SELECT id, step_key, status FROM tasks WHERE dossier_code = $1 ORDER BY id',
      [code],
    );
    expect(tasks).toEqual([
      { id: verification.id, step_key: 'verification', status: 'done' },
      { id: deciding.id, step_key: 'commune_decision', status: 'done' },
    ]);
    const { rows: slip } = await db.pool.query(
      'SELECT step_key FROM control_slip_entries WHERE dossier_code = $1 ORDER BY seq',
      [code],
    );
    expect(slip).toEqual([{ step_key: 'verification' }, { step_key: 'commune_decision' }]);

    // ── the workflow history ──────────────────────────────────────────────────────────────────────────
    const history = await handle.fetchHistory();
    const historyEvents = history.events ?? [];
    const scheduled = new Map<string, string>();
    const closed = new Map<string, number>();
    const attempts = new Map<string, { attempt: number; timedOut: boolean }>();
    for (const event of historyEvents) {
      const id = String(event.eventId);
      if (event.activityTaskScheduledEventAttributes) {
        scheduled.set(id, event.activityTaskScheduledEventAttributes.activityType?.name ?? '?');
      }
      const done = event.activityTaskCompletedEventAttributes;
      if (done)
        closed.set(String(done.scheduledEventId), (closed.get(String(done.scheduledEventId)) ?? 0) + 1);
      const startedAttrs = event.activityTaskStartedEventAttributes;
      if (startedAttrs) {
        attempts.set(String(startedAttrs.scheduledEventId), {
          attempt: startedAttrs.attempt ?? 0,
          timedOut: Boolean(startedAttrs.lastFailure?.timeoutFailureInfo),
        });
      }
      expect(
        event.activityTaskFailedEventAttributes ?? event.activityTaskTimedOutEventAttributes,
      ).toBeFalsy();
    }
    // Every activity the workflow scheduled completed exactly once.
    expect([...scheduled.keys()].map((id) => closed.get(id))).toEqual([...scheduled.keys()].map(() => 1));
    const decisionIds = [...scheduled].filter(([, name]) => name === 'issueDecision').map(([id]) => id);
    expect(decisionIds).toHaveLength(1);
    // The decision activity completed on its second attempt, after the first one timed out with worker A.
    expect(attempts.get(decisionIds[0]!)).toEqual({ attempt: 2, timedOut: true });
    expect(historyEvents.some((e) => e.workflowExecutionCompletedEventAttributes)).toBe(true);

    console.log(`worker crash timings (s since test start): ${JSON.stringify(timings)}`);
  }, 300_000);
});

/** Like waitUntil, but polls back-to-back: the window to catch can be a few hundred milliseconds. */
async function waitUntilFast(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  context: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}\n${context()}`);
}
