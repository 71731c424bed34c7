/**
 * End to end over HTTP only: the scenario of `npm run demo` (runtime/demo.ts) against the real API, a worker
 * running the real dossier workflow and activities, Temporal and Postgres. One dossier goes through the
 * three-tier route and one through the two-tier route, each officer logging in with their own account; then
 * both are tracked as the citizen.
 *
 * Temporal here is the time-skipping test server, not the dev server: the public posting lasts 2 working
 * days and the route waits for it, so the scenario moves the server's clock past the posting's end (the
 * API's clock follows it). The three-tier route, in force only 01/07/2021 – 30/06/2025, is published by the
 * admin over HTTP as a version in force from today (procedures are data), the way the workflow tests use
 * publishThreeTierRouteForTests.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { runDemoScenario, startDemoSystem, type DemoOutcome, type DemoSystem } from '../../runtime/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { publishSuccessorVersions, successorVersionOf } from '../helpers/successor-versions';
import { createTimeSkippingEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let db: TestDatabase;
let system: DemoSystem;
let outcome: DemoOutcome;
const transcript: string[] = [];

beforeAll(async () => {
  [env, db] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  await publishSuccessorVersions(db.pool);
  system = await startDemoSystem(db.pool, env);
  outcome = await runDemoScenario(system.hooks((line) => transcript.push(line)));
}, 180_000);
afterAll(async () => {
  await system?.stop();
  await Promise.all([env?.teardown(), db?.drop()]);
});

interface OfficerDossier {
  dossier: { procedure: { version: number; tier: string }; status: string };
  controlSlip: Array<{ stepKey: string; sender: string; receiver: string; onTimeStatus: string }>;
  decision: { issuerCode: string; monthlyAmount: number; paymentStartMonth: string } | null;
  entitlement: { status: string; monthlyAmount: number } | null;
  timeline: Array<{ type: string }>;
}

async function officerView(code: string, username: string): Promise<OfficerDossier> {
  const login = await fetch(`${system.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: system.password }),
  });
  const { token } = (await login.json()) as { token: string };
  const response = await fetch(`${system.baseUrl}/api/dossiers/${code}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as OfficerDossier;
}

test('every role logs in and acts in turn', () => {
  for (const username of [
    'admin.75',
    'intake_clerk.26170',
    'commune_officer.26170',
    'commune_chairman.26170',
    'district_officer.737',
    'district_chairman.737',
  ]) {
    expect(transcript).toContain(`    (${username} logs in)`);
  }
});

test('three tiers: commune verification, posting with a complaint, proposal, district appraisal and decision', async () => {
  const { tracking, decisionPdf } = outcome.threeTier;
  expect(tracking).toMatchObject({
    status: 'completed',
    statusText: 'Đã có kết quả',
    onTimeStatus: 'Trước hạn',
  });
  expect(tracking.steps.map((step) => [step.kind, step.office])).toEqual([
    ['intake_check', 'Bộ phận Một cửa cấp xã — Xã Trảng Bom'],
    ['step', 'Công chức phụ trách lao động - thương binh và xã hội cấp xã — Xã Trảng Bom'],
    ['public_posting', 'Công chức phụ trách lao động - thương binh và xã hội cấp xã — Xã Trảng Bom'],
    ['complaint', 'Chủ tịch Ủy ban nhân dân cấp xã — Xã Trảng Bom'],
    ['step', 'Chủ tịch Ủy ban nhân dân cấp xã — Xã Trảng Bom'],
    ['step', 'Phòng Lao động - Thương binh và Xã hội cấp huyện — Huyện Trảng Bom'],
    ['step', 'Chủ tịch Ủy ban nhân dân cấp huyện — Huyện Trảng Bom'],
  ]);
  expect(tracking.steps.every((step) => step.state === 'Đã xử lý')).toBe(true);
  expect(tracking.documents.map((d) => d.kind)).toEqual(['receipt', 'decision_grant']);
  expect(tracking.decision?.numberLabel).toBe('Số: 01/QĐ-UBND');
  expect(decisionPdf.subarray(0, 5).toString()).toBe('%PDF-');

  const view = await officerView(outcome.threeTier.code, 'district_officer.737');
  // The demo publishes the three-tier route, then the two-tier one, after the successors of the seeds.
  expect(view.dossier).toMatchObject({
    status: 'completed',
    procedure: { version: successorVersionOf('monthly-allowance') + 1, tier: 'three-tier' },
  });
  expect(view.controlSlip.map((entry) => entry.stepKey)).toEqual([
    'intake_check',
    'verification',
    'public_posting',
    'commune_proposal',
    'district_appraisal',
    'district_decision',
  ]);
  // Born 1941: over 80, poor elderly with no carer → coefficient 2.0 × 500,000 VND, decided by the district.
  expect(view.decision).toMatchObject({ issuerCode: '737', monthlyAmount: 1_000_000 });
  expect(view.entitlement).toMatchObject({ status: 'active', monthlyAmount: 1_000_000 });
});

test('two tiers: received at the desk, the commune chairman decides', async () => {
  const { tracking } = outcome.twoTier;
  expect(tracking).toMatchObject({ status: 'completed', onTimeStatus: 'Trước hạn' });
  expect(tracking.steps.map((step) => step.kind)).toEqual(['step', 'public_posting', 'step']);
  expect(tracking.steps.at(-1)?.office).toBe('Chủ tịch Ủy ban nhân dân cấp xã — Xã Trảng Bom');
  const view = await officerView(outcome.twoTier.code, 'commune_chairman.26170');
  expect(view.dossier.procedure).toMatchObject({
    version: successorVersionOf('monthly-allowance') + 2,
    tier: 'two-tier',
  });
  expect(view.decision).toMatchObject({ issuerCode: '26170', monthlyAmount: 1_000_000 });
});

test('the citizens’ views carry nothing sensitive', async () => {
  const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM users');
  for (const { tracking } of [outcome.threeTier, outcome.twoTier]) {
    const text = JSON.stringify(tracking);
    for (const value of [
      '075041000456',
      '075038001234',
      '1941-03-15',
      '1938-09-02',
      'hivStatus',
      ...rows.map((r) => r.id),
    ]) {
      expect(text).not.toContain(value);
    }
  }
});
