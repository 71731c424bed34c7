/**
 * Harness for the dossier routes: the API (tests/api/harness.ts) on a real Postgres, plus Temporal's
 * time-skipping test server and a worker running the real dossier workflow and activities. The API's clock
 * follows the test server's, so "today" is the same day for the API (dossier codes, procedure in force) and
 * for the workflow (due dates).
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { AppDeps } from '../../app/deps';
import { closeSharedPdfRenderer } from '../../documents';
import type { ApplicationInput } from '../../domain/application';
import { legalDateOf } from '../../domain/legal-time';
import type { OutboxSettings } from '../../notifications/outbox';
import { createWorker } from '../../runtime/worker';
import { skipTo as skipServerClockTo } from '../helpers/dossier';
import { testDataConverter } from '../helpers/payload-keys';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { startTestApi, type TestApi } from './harness';

export interface DossierApi extends TestApi {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  /** Today's legal date on the test server's clock. */
  today(): Promise<string>;
  /** Moves the test server's clock to `hour`:00 (Vietnam) on `date`, and the API's clock with it. */
  skipTo(date: string, hour?: number): Promise<void>;
  /** Moves both clocks forward by `ms`. */
  sleep(ms: number): Promise<void>;
  /** Stops the worker (as when no worker process runs); the API and Temporal stay up. */
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** `deps`: extra API dependencies (e.g. `trustProxy`, to send requests from several client addresses). */
export async function startDossierApi(
  options: { deps?: Partial<AppDeps>; pages?: boolean; outbox?: OutboxSettings; successors?: boolean } = {},
): Promise<DossierApi> {
  const env = await createTimeSkippingEnv();
  const taskQueue = `api-dossiers-${randomUUID()}`;
  const api = await startTestApi({
    now: new Date(await env.currentTimeMs()),
    deps: {
      // Tests of other things submit many dossiers from one address and phone: limits of their own
      // (submission-limits.test.ts checks the real ones).
      submissionLimits: { perAddress: 10_000, perPhone: 10_000, windowMs: 60_000, onlinePerUnitPerDay: 4999 },
      ...options.deps,
      temporal: env.connection,
      taskQueue,
    },
    ...(options.pages ? { pages: true } : {}),
    ...(options.successors === false ? { successors: false } : {}),
  });
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    worker = await createWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      pool: api.db.pool,
      dataConverter: testDataConverter,
      activities: createActivities({
        pool: api.db.pool,
        ...(options.outbox ? { outbox: options.outbox } : {}),
      }),
    });
    running = worker.run();
  } catch (error) {
    await api.close();
    await env.teardown();
    throw error;
  }
  const syncClock = async () => {
    api.clock.now = new Date(await env.currentTimeMs());
  };
  return {
    ...api,
    env,
    taskQueue,
    today: async () => legalDateOf(await env.currentTimeMs()),
    async skipTo(date, hour = 8) {
      await skipServerClockTo(env, date, hour);
      await syncClock();
    },
    async sleep(ms) {
      await env.sleep(ms);
      await syncClock();
    },
    async stopWorker() {
      if (worker?.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
    async stop() {
      if (worker?.getState() === 'RUNNING') worker.shutdown();
      await running;
      await closeSharedPdfRenderer();
      await api.close();
      await env.teardown();
    },
  };
}

/**
 * Demo units of runtime/seed.ts: Xã Trảng Bom (26170) under Tỉnh Đồng Nai (75), which belonged to Huyện Trảng
 * Bom (737) before the two-tier reform. The district is named so tests of the three-tier route (published as
 * in force now) have one; the unit check accepts a commune's former district, and two-tier routes ignore it.
 */
export const DEMO_COMMUNE = { provinceCode: '75', districtCode: '737', communeCode: '26170' } as const;
export const OTHER_COMMUNE = { provinceCode: '75', districtCode: '737', communeCode: '26173' } as const;

/** Sensitive values of the sample application, so tests can look for them in answers. */
export const SENSITIVE = {
  applicantIdNumber: '075185000123',
  beneficiaryIdNumber: '075041000456',
  beneficiaryDateOfBirth: '1941-03-15',
} as const;

export function sampleApplication(overrides: Partial<ApplicationInput> = {}): ApplicationInput {
  return {
    applicant: {
      fullName: 'Nguyễn Thị Hoa',
      gender: 'female',
      phone: '0912345678',
      idNumber: SENSITIVE.applicantIdNumber,
      address: 'Khu phố 3, xã Trảng Bom, tỉnh Đồng Nai',
      relationship: 'Con gái',
    },
    beneficiary: {
      fullName: 'Trần Văn Bảy',
      dateOfBirth: SENSITIVE.beneficiaryDateOfBirth,
      gender: 'male',
      idNumber: SENSITIVE.beneficiaryIdNumber,
      address: 'Khu phố 3, xã Trảng Bom, tỉnh Đồng Nai',
      hivStatus: true,
      qualifications: [{ clause: '5.5a' }],
    },
    unit: DEMO_COMMUNE,
    attachments: [{ name: 'Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1d)', kind: 'to_khai' }],
    ...overrides,
  };
}

/** Polls `probe` (real time, briefly) until it returns something. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A walk-in dossier received by the desk clerk of the application's commune; answers its code. */
export async function receiveAtDesk(
  api: DossierApi,
  options: { procedureId?: string; application?: ApplicationInput } = {},
): Promise<string> {
  const application = options.application ?? sampleApplication();
  const clerk = await api.login(`intake_clerk.${application.unit.communeCode}`);
  const response = await api.request<{ code: string }>('POST', '/api/desk/dossiers', {
    token: clerk,
    json: { procedureId: options.procedureId ?? 'monthly-allowance', application },
  });
  if (response.status !== 201)
    throw new Error(`desk intake: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.code;
}

/** The id of the open task of a dossier at `stepKey`, once the workflow has opened it. */
export async function openTaskId(api: DossierApi, code: string, stepKey: string): Promise<string> {
  return eventually(async () => {
    const { rows } = await api.db.pool.query<{ id: string }>(
      `SELECT id FROM tasks WHERE dossier_code = $1 AND step_key = $2 AND status = 'open' ORDER BY created_at DESC`,
      [code, stepKey],
    );
    return rows[0]?.id;
  }, `an open ${stepKey} task of ${code}`);
}

/**
 * Completes the dossier's open task at `stepKey` over the JSON API as `username` (the desk accepting, an
 * officer approving), and fails the test unless the API answers 200.
 */
export async function completeOverApi(
  api: DossierApi,
  code: string,
  stepKey: string,
  username: string,
  json: Record<string, unknown> = { outcome: 'approve' },
): Promise<void> {
  const taskId = await openTaskId(api, code, stepKey);
  const token = await api.login(username);
  const response = await api.request('POST', `/api/tasks/${taskId}/complete`, { token, json });
  if (response.status !== 200)
    throw new Error(`${stepKey} of ${code}: ${response.status} ${JSON.stringify(response.body)}`);
}
