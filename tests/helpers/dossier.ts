import { randomUUID } from 'node:crypto';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../../activities';
import { closeSharedPdfRenderer } from '../../documents';
import { publishProcedureVersion } from '../../db/procedures';
import type { ApplicationInput } from '../../domain/application';
import { ApplicationSchema, type Application } from '../../domain/application';
import { insertReceivedApplication } from '../../db/received-applications';
import { formatDossierCode } from '../../domain/dossier-code';
import { endOfLegalDay, legalDateAt, legalDateOf } from '../../domain/legal-time';
import { createCalendar } from '../../domain/calendar';
import { DEFAULT_PROCEDURES, type ProcedureDefinition } from '../../domain/procedures';
import { createWorker } from '../../runtime/worker';
import { createTestDatabase, type TestDatabase } from './db';
import { moveClockForward } from './pinned-dates';
import { testDataConverter } from './payload-keys';
import { publishSuccessorVersions } from './successor-versions';
import { createTimeSkippingEnv } from './temporal';
import { dossierWorkflow } from '../../workflows';
import {
  completeTaskUpdate,
  dossierStateQuery,
  type CompleteTaskInput,
  type Officer,
} from '../../workflows/dossier/messages';
import type { DossierInput, DossierState, TaskView } from '../../workflows/dossier/types';

/** Demo units (Đồng Nai: province 75, Nhơn Trạch district 742, a commune code of its form). */
export const UNITS = { provinceCode: '75', districtCode: '742', communeCode: '26491' } as const;

export function sampleApplication(overrides: Partial<ApplicationInput> = {}): Application {
  return ApplicationSchema.parse({
    applicant: {
      fullName: 'Nguyễn Thị Hoa',
      gender: 'female',
      phone: '0912345678',
      idNumber: '075185000123',
      address: 'Ấp 3, xã Phước Thiền, huyện Nhơn Trạch, tỉnh Đồng Nai',
      relationship: 'Con gái',
    },
    beneficiary: {
      fullName: 'Trần Văn Bảy',
      dateOfBirth: '1941-03-15',
      gender: 'male',
      idNumber: '075041000456',
      address: 'Ấp 3, xã Phước Thiền, huyện Nhơn Trạch, tỉnh Đồng Nai',
      hivStatus: false,
      qualifications: [{ clause: '5.5a' }],
    },
    unit: UNITS,
    attachments: [{ name: 'Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1d)', kind: 'to_khai' }],
    ...overrides,
  });
}

export const officer = (role: Officer['role'], name = 'Lê Văn Cán'): Officer => ({
  userId: `${role}-1`,
  role,
  fullName: name,
});

/**
 * The seeded three-tier route was in force 01/07/2021 – 30/06/2025, before the test server's clock (which
 * starts at the real current time and only moves forward). Tests exercise that same route by publishing it,
 * unchanged but for its dates, as a procedure in force now — the engine interprets routes as data.
 */
export async function publishThreeTierRouteForTests(
  pool: Pool,
  effectiveFrom: string,
): Promise<ProcedureDefinition> {
  const threeTier = DEFAULT_PROCEDURES.find((d) => d.id === 'monthly-allowance' && d.tier === 'three-tier')!;
  const definition = {
    ...threeTier,
    id: 'monthly-allowance-three-tier',
    effectiveFrom,
    effectiveTo: undefined,
  };
  return (await publishProcedureVersion(pool, definition, 'test')).definition;
}

export interface DossierTestbed {
  env: TestWorkflowEnvironment;
  pool: Pool;
  taskQueue: string;
  worker: Worker;
  stop(): Promise<void>;
}

/** Inserts the demo province, district and commune the sample application refers to. */
export async function insertDemoUnits(pool: Pool): Promise<void> {
  await pool.query(`INSERT INTO administrative_units (code, name, level, parent_code, place_name) VALUES
    ('75', 'tỉnh Đồng Nai', 'province', NULL, 'Đồng Nai'),
    ('742', 'huyện Nhơn Trạch', 'district', '75', 'Nhơn Trạch'),
    ('26491', 'xã Phước Thiền', 'commune', '742', 'Phước Thiền')
    ON CONFLICT (code) DO NOTHING`);
}

/**
 * A time-skipping Temporal server at 08:00 of the next working day, a fresh database with the demo units, and
 * a worker with the real activities: what every dossier workflow test file starts from. `teardown` stops all
 * three.
 */
export async function createDossierTestbed(
  options: { successors?: boolean } = {},
): Promise<DossierTestbed & { db: TestDatabase; teardown(): Promise<void> }> {
  const [env, db] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  // The server starts at the real time and runs in real time between skips: starting at 08:00 of the next
  // working day keeps a file's "today" from changing under it when a run crosses midnight (Vietnam).
  await skipTo(env, nationalCalendar.addWorkingDays(await todayOn(env), 1), 8);
  await insertDemoUnits(db.pool);
  // The seeded two-tier routes end on 2027-02-28; scenarios run later (tests/helpers/successor-versions.ts).
  if (options.successors !== false) await publishSuccessorVersions(db.pool);
  const bed = await startWorker(env, db.pool);
  return {
    ...bed,
    db,
    async teardown() {
      await bed.stop();
      await Promise.all([env.teardown(), db.drop()]);
    },
  };
}

/** `dataConverter`: the suite's (tests/helpers/payload-keys.ts) unless a test rotates keys. */
export async function startWorker(
  env: TestWorkflowEnvironment,
  pool: Pool,
  dataConverter: DataConverter = testDataConverter,
  taskQueue = `dossiers-${randomUUID()}`,
): Promise<DossierTestbed> {
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    pool,
    dataConverter,
    activities: createActivities({ pool }),
  });
  const running = worker.run();
  return {
    env,
    pool,
    taskQueue,
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await closeSharedPdfRenderer();
    },
  };
}

/** A dossier's start input as tests write it: with the application the submission would have stored. */
export type TestDossierInput = Omit<DossierInput, 'application'> & { application: Application };

let counter = 0;
/** A valid dossier code for today's date on the test server's clock (sequence unique within the run). */
export async function newCode(env: TestWorkflowEnvironment): Promise<string> {
  counter += 1;
  const sequence = ((process.pid * 37 + counter) % 9000) + 1;
  return formatDossierCode({ unitCode: UNITS.communeCode, receivedOn: await todayOn(env), sequence });
}

/**
 * Starts a dossier through a plain client. The time-skipping env's own client unlocks time skipping while a
 * test waits for a result; with nothing else pending, the Java test server may then jump to its 10-year
 * workflow-timeout timer and every later date in the file is wrong. Tests move time only with env.sleep.
 */
export async function startDossier(
  bed: DossierTestbed,
  {
    application = sampleApplication(),
    ...input
  }: Partial<TestDossierInput> & Pick<DossierInput, 'procedureId'>,
): Promise<WorkflowHandle<typeof dossierWorkflow>> {
  const code = input.code ?? (await newCode(bed.env));
  // As the submission does: the application waits in Postgres, the workflow gets the code and the units.
  await insertReceivedApplication(bed.pool, code, application);
  return new Client({
    connection: bed.env.connection,
    namespace: bed.env.namespace,
    dataConverter: testDataConverter,
  }).workflow.start(dossierWorkflow, {
    taskQueue: bed.taskQueue,
    workflowId: code,
    args: [{ code, channel: 'walk_in', units: application.unit, ...input }],
  });
}

export async function state(handle: WorkflowHandle): Promise<DossierState> {
  return handle.query(dossierStateQuery);
}

/** Waits (in real time, briefly) until the dossier has an open task for `stepKey`. */
export async function openTaskFor(
  handle: WorkflowHandle,
  stepKey: string,
  kind?: TaskView['kind'],
): Promise<TaskView> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const current = await state(handle);
    const task = current.openTasks.find((t) => t.stepKey === stepKey && (!kind || t.kind === kind));
    // Settled: what the run recorded so far is in the read model too (events are written once per workflow
    // task, after the state shows them), unless an incident holds the run.
    if (task && (current.settled || current.incident)) return task;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no open task for ${stepKey}: ${JSON.stringify(await state(handle))}`);
}

export async function act(
  handle: WorkflowHandle,
  task: TaskView,
  outcome: CompleteTaskInput['outcome'],
  extra: Partial<CompleteTaskInput> = {},
): Promise<void> {
  await handle.executeUpdate(completeTaskUpdate, {
    args: [{ taskId: task.id, outcome, actor: officer(task.role), ...extra }],
  });
}

/** Moves the test server's clock to 08:00 (Vietnam) on a legal date. */
export async function skipTo(env: TestWorkflowEnvironment, date: string, hour = 8): Promise<void> {
  await moveClockForward(env, legalDateAt(date, hour), `${date} ${hour}:00 (Vietnam)`);
}

/** Moves the clock just past the end of a legal date (when a due date on it becomes overdue). */
export async function skipPastEndOf(env: TestWorkflowEnvironment, date: string): Promise<void> {
  await moveClockForward(env, endOfLegalDay(date) + 60_000, `the end of ${date} (Vietnam)`);
}

export async function todayOn(env: TestWorkflowEnvironment): Promise<string> {
  return legalDateOf(await env.currentTimeMs());
}

/** The national default working calendar: what the activities use when no admin entries are stored. */
export const nationalCalendar = createCalendar();

/** Sends an update that the workflow must reject, and returns the rejection code (e.g. 'REASON_REQUIRED'). */
export async function rejectionOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const message = messageChain(error);
    const code = /\b([A-Z][A-Z_]+):/.exec(message)?.[1];
    if (code) return code;
    // Not the workflow's own rejection (e.g. the workflow has already closed): the client error's name.
    if (error instanceof Error) return error.name;
    throw error;
  }
  throw new Error('the update was accepted');
}

function messageChain(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = (e as Error & { cause?: unknown }).cause)
    parts.push(e.message);
  return parts.join(' | ');
}

export async function rows<T = Record<string, unknown>>(
  pool: Pool,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await pool.query(sql, params)).rows as T[];
}

/** Polls the workflow until its timeline has an event of `type` (events are recorded asynchronously). */
export async function eventually(handle: WorkflowHandle, type: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await state(handle)).timeline.some((entry) => entry.type === type)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${type} event: ${JSON.stringify(await state(handle))}`);
}
