/**
 * Workflow overhead: N funeral-support dossiers (default 1,000; `--n 100`) through the two-tier route, every
 * task claimed and completed by this driver over the Temporal client (as an officer's action reaches the
 * workflow), against N bare workflows (bench/workflows/bare.ts) with the same number of activities, updates
 * and timers doing nothing. Both run on one dev server and one worker with the settings of runtime/worker.ts,
 * in alternating batches of the same size and concurrency (`--concurrency`, default 6), so a busy neighbour
 * slows both sides alike. Prints the dossier/bare throughput ratio, each side's dossiers/s and p50/p95 update
 * latency, and the history of one dossier: events, activities, workflow tasks, timers.
 */
import { performance } from 'node:perf_hooks';
import { installTemporalRuntime } from '../runtime/temporal/telemetry';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { startReceivedDossier, submitDossier } from '../app/dossiers/submission';
import type { AppDeps } from '../app/deps';
import { closeSharedPdfRenderer } from '../documents';
import { createPool } from '../db/pool';
import { inTransaction } from '../db/queryable';
import { findUserByUsername } from '../db/users';
import { ApplicationSchema } from '../domain/application';
import { legalDateOf } from '../domain/legal-time';
import { demoApplication, seedDemoData } from '../runtime/seed';
import { dataConverterFromConfig } from '../runtime/temporal/data-converter';
import { FAILURE_CONVERTER_PATH } from '../runtime/temporal/failure-converter';
import { workerOptionsOf } from '../runtime/worker';
import { claimTaskUpdate, completeTaskUpdate } from '../workflows/dossier/messages';
import type { Role } from '../domain/procedures';
import { bareStepUpdate, type BareInput } from './workflows/bare';
import { Figures, ms, numberArg, percentile } from './lib/figures';
import { startStack } from './lib/stack';

const N = numberArg('n', 1000);
const CONCURRENCY = numberArg('concurrency', 6);
const BATCH = numberArg('batch', CONCURRENCY * 2);
const TASK_QUEUE = 'bench-workflow';
const EventType = temporal.api.enums.v1.EventType;

interface Side {
  done: number;
  ms: number;
  updates: number[];
}

async function main(): Promise<void> {
  installTemporalRuntime(
    { TEMPORAL_METRICS_PORT: 0, METRICS_HOST: '127.0.0.1' },
    { level: 'warn', runsWorker: true },
  );
  const figures = new Figures('workflow');
  const stack = await startStack({ label: 'workflow' });
  const pool = createPool(stack.databaseUrl);
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const nativeConnection = await NativeConnection.connect({ address: stack.temporalAddress! });
  const connection = await Connection.connect({ address: stack.temporalAddress! });
  try {
    await seedDemoData(pool, { password: 'mat-khau-do-hieu-nang-2026' });
    const dataConverter = dataConverterFromConfig({ dataDir: stack.dir }, () => {});
    const client = new Client({ connection, dataConverter });
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve(path.join(__dirname, 'workflows', 'index')),
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
    });
    worker = await Worker.create(
      await workerOptionsOf({
        connection: nativeConnection,
        namespace: 'default',
        taskQueue: TASK_QUEUE,
        pool,
        dataConverter,
        workflowBundle: bundle,
        activities: { ...createActivities({ pool }), benchNoop: async () => {} },
      }),
    );
    running = worker.run();
    const deps = {
      pool,
      temporal: connection,
      temporalClient: client,
      dataConverter,
      namespace: 'default',
      taskQueue: TASK_QUEUE,
    } as unknown as AppDeps;
    const users = new Map<string, { id: string; fullName: string }>();
    const userOf = async (role: string, unitCode: string) => {
      const key = `${role}.${unitCode}`;
      if (!users.has(key)) {
        const user = await findUserByUsername(pool, key);
        if (!user) throw new Error(`no demo user ${key}`);
        users.set(key, { id: user.id, fullName: user.fullName });
      }
      return users.get(key)!;
    };
    const clerk = await userOf('intake_clerk', '26170');
    const today = legalDateOf(Date.now());
    const diedOn = legalDateOf(Date.now() - 10 * 86_400_000);
    let serial = 0;

    /** One dossier from the desk to its end; answers its code, pushing each update's latency. */
    const oneDossier = async (latencies: number[]): Promise<string> => {
      serial += 1;
      const digits = String(serial).padStart(6, '0');
      const application = ApplicationSchema.parse(
        demoApplication(
          '26170',
          {
            applicant: 'Phạm Thị Lan',
            beneficiary: 'Phạm Văn Tám',
            phone: `0903${digits}`,
            born: '1940-01-20',
            idNumber: `075040${digits}`,
          },
          { diedOn },
        ),
      );
      const submission = await inTransaction(pool, (db) =>
        submitDossier(deps, db, {
          procedureId: 'funeral-support',
          application,
          channel: 'walk_in',
          receivedBy: clerk.id,
        }),
      );
      if (!(await startReceivedDossier(deps, submission.code))) throw new Error('start failed');
      const handle = client.workflow.getHandle(submission.code);
      let finished = false;
      const result = handle.result().finally(() => (finished = true));
      const acted = new Set<string>();
      while (!finished) {
        const { rows } = await pool.query<{ id: string; role: Role; unit_code: string }>(
          `SELECT id, role, unit_code FROM tasks WHERE dossier_code = $1 AND status = 'open'`,
          [submission.code],
        );
        const task = rows.find((row) => !acted.has(row.id));
        if (!task) {
          await Promise.race([result, new Promise((resolve) => setTimeout(resolve, 20))]);
          continue;
        }
        acted.add(task.id);
        const officer = await userOf(task.role, task.unit_code);
        const actor = { userId: officer.id, role: task.role, fullName: officer.fullName };
        let started = performance.now();
        await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor }] });
        latencies.push(performance.now() - started);
        started = performance.now();
        await handle.executeUpdate(completeTaskUpdate, {
          args: [{ taskId: task.id, outcome: 'approve', actor, note: 'Đo hiệu năng' }],
        });
        latencies.push(performance.now() - started);
      }
      const outcome = await result;
      if (outcome.status !== 'completed') throw new Error(`${submission.code} ended ${outcome.status}`);
      return submission.code;
    };

    // One dossier first: its history says what the bare workflow must do.
    const sampleCode = await oneDossier([]);
    const history = await client.workflow.getHandle(sampleCode).fetchHistory();
    const events = history.events ?? [];
    const count = (type: number) => events.filter((event) => event.eventType === type).length;
    const activityNames = new Map<string, number>();
    for (const event of events) {
      const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
      if (name) activityNames.set(name, (activityNames.get(name) ?? 0) + 1);
    }
    const markers = (name: string) =>
      events.filter((event) => event.markerRecordedEventAttributes?.markerName === name).length;
    const shape = {
      historyEvents: events.length,
      activities: count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
      // Run by the worker inside a workflow task: a marker each, no task of their own.
      localActivities: markers('core_local_activity'),
      workflowTasks: count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
      timers: count(EventType.EVENT_TYPE_TIMER_STARTED),
      updates: count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED),
      activitiesByName: Object.fromEntries(activityNames),
    };
    figures.add(
      'funeral-support dossier history',
      `${shape.historyEvents} events, ${shape.activities} activities (${[...activityNames]
        .map(([name, n]) => `${n} ${name}`)
        .join(
          ', ',
        )}) and ${shape.localActivities} local, ${shape.workflowTasks} workflow tasks, ${shape.timers} timers, ${shape.updates} updates`,
      shape,
    );
    const bareInput: BareInput = {
      activities: shape.activities,
      updates: shape.updates,
      timers: shape.timers,
      perUpdate: 1,
    };

    let bareSerial = 0;
    const oneBare = async (latencies: number[]): Promise<void> => {
      bareSerial += 1;
      const handle = await client.workflow.start('bareWorkflow', {
        taskQueue: TASK_QUEUE,
        workflowId: `bare-${bareSerial}-${Date.now()}`,
        args: [bareInput],
      });
      for (let i = 0; i < bareInput.updates; i++) {
        const started = performance.now();
        await handle.executeUpdate(bareStepUpdate);
        latencies.push(performance.now() - started);
      }
      await handle.result();
    };

    const runBatch = async (side: Side, size: number, one: (latencies: number[]) => Promise<unknown>) => {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, size) }, async () => {
          while (next < size) {
            next += 1;
            await one(side.updates);
          }
        }),
      );
      side.ms += performance.now() - started;
      side.done += size;
    };
    const dossiers: Side = { done: 0, ms: 0, updates: [] };
    const bare: Side = { done: 0, ms: 0, updates: [] };
    console.log(`${N} of each, batches of ${BATCH}, ${CONCURRENCY} at a time, on ${today}`);
    while (dossiers.done < N) {
      const size = Math.min(BATCH, N - dossiers.done);
      await runBatch(dossiers, size, oneDossier);
      await runBatch(bare, size, oneBare);
      process.stdout.write(`  ${dossiers.done}/${N}\r`);
    }
    process.stdout.write('\n');
    const rate = (side: Side) => (side.done * 1000) / side.ms;
    const describe = (side: Side) => ({
      count: side.done,
      seconds: side.ms / 1000,
      perSecond: rate(side),
      updateP50Ms: percentile(side.updates, 0.5),
      updateP95Ms: percentile(side.updates, 0.95),
    });
    const d = describe(dossiers);
    const b = describe(bare);
    figures.add('dossier/bare throughput ratio', (d.perSecond / b.perSecond).toFixed(2), {
      ratio: d.perSecond / b.perSecond,
      concurrency: CONCURRENCY,
    });
    figures.add(
      'dossiers',
      `${d.perSecond.toFixed(2)}/s, update p50 ${ms(d.updateP50Ms)}, p95 ${ms(d.updateP95Ms)} (n=${d.count})`,
      d,
    );
    figures.add(
      'bare workflows',
      `${b.perSecond.toFixed(2)}/s, update p50 ${ms(b.updateP50Ms)}, p95 ${ms(b.updateP95Ms)} (n=${b.count})`,
      b,
    );
    figures.save();
  } finally {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running?.catch(() => {});
    await closeSharedPdfRenderer();
    await connection.close();
    await nativeConnection.close();
    await pool.end();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
