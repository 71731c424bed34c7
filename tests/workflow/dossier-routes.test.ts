import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TestDatabase } from '../helpers/db';
import { successorVersionOf } from '../helpers/successor-versions';
import {
  act,
  createDossierTestbed,
  nationalCalendar,
  openTaskFor,
  publishThreeTierRouteForTests,
  sampleApplication,
  skipPastEndOf,
  skipTo,
  startDossier,
  state,
} from '../helpers/dossier';

/**
 * Whole routes on the time-skipping server with the real activities on a real Postgres. The clock only moves
 * forward, so the tests run in date order: Tết 2054 first, then 30/4–1/5 2055. Both years lie far
 * ahead (tests/helpers/pinned-dates.ts); their holidays fall on the same weekdays as Tết 2027 and 30/4 2027.
 */
describe('dossier routes', () => {
  let bed: Awaited<ReturnType<typeof createDossierTestbed>>;
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;

  beforeAll(async () => {
    bed = await createDossierTestbed();
    ({ env, db } = bed);
    await publishThreeTierRouteForTests(db.pool, '2026-11-01');
  });
  afterAll(() => bed?.teardown());

  it('three tiers, received just before Tết 2054: intake → verification → posting → proposal → district appraisal → district decision → entitlement', async () => {
    await skipTo(env, '2054-02-02'); // Monday; Tết 2054 (08/02) closes offices 06–12/02
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance-three-tier' });

    const verification = await openTaskFor(handle, 'verification');
    // 7 working days counted from the day after receipt: 03, 04, 05, 13, 16, 17, 18 February.
    expect(verification).toMatchObject({
      role: 'commune_officer',
      unitCode: '26491',
      openedOn: '2054-02-02',
      dueDate: '2054-02-18',
    });
    // 22 working days for the whole route (7 + 2 + 3 + 7 + 3).
    expect((await state(handle)).appointmentDate).toBe('2054-03-11');
    await act(handle, verification, 'approve');

    // Posting for 2 working days (03, 04 Feb); the route waits for it to end.
    await openUntilPosting(handle);
    await skipPastEndOf(env, '2054-02-04');
    const proposal = await openTaskFor(handle, 'commune_proposal');
    expect(proposal).toMatchObject({
      role: 'commune_chairman',
      openedOn: '2054-02-05',
      dueDate: '2054-02-17',
    });
    await act(handle, proposal, 'approve');

    const appraisal = await openTaskFor(handle, 'district_appraisal');
    expect(appraisal).toMatchObject({ role: 'district_officer', unitCode: '742', dueDate: '2054-02-23' });
    await act(handle, appraisal, 'approve');

    const decision = await openTaskFor(handle, 'district_decision');
    expect(decision).toMatchObject({ role: 'district_chairman', unitCode: '742', dueDate: '2054-02-17' });
    await act(handle, decision, 'approve', {
      actor: { userId: 'chu-tich-huyen', role: 'district_chairman', fullName: 'Phạm Văn Quyết' },
    });

    const result = await handle.result();
    expect(result).toMatchObject({ status: 'completed', onTimeStatus: 'Trước hạn' });
    expect(result.decisionNumber).toMatch(/^Số: 01\/QĐ-UBND$/);

    const { rows: dossier } = await db.pool.query('SELECT * FROM dossiers WHERE code = $1', [
      handle.workflowId,
    ]);
    expect(dossier[0]).toMatchObject({
      status: 'completed',
      appointment_date: '2054-03-11',
      on_time_status: 'Trước hạn',
      procedure_version: 1,
    });
    const { rows: decisionRows } = await db.pool.query('SELECT * FROM decisions WHERE dossier_code = $1', [
      handle.workflowId,
    ]);
    // Beneficiary born 1941: over 80, poor elderly with no carer → coefficient 2.0 × 500,000.
    expect(decisionRows[0]).toMatchObject({
      kind: 'monthly',
      monthly_amount: 1_000_000,
      base_level: 500_000,
      payment_start_month: '2054-02',
      issuer_code: '742',
    });
    const { rows: entitlement } = await db.pool.query('SELECT * FROM entitlements WHERE dossier_code = $1', [
      handle.workflowId,
    ]);
    expect(entitlement[0]).toMatchObject({
      status: 'active',
      monthly_amount: 1_000_000,
      start_month: '2054-02',
      payer_role: 'payment_officer',
    });
    const { rows: slip } = await db.pool.query(
      'SELECT step_key, on_time_status FROM control_slip_entries WHERE dossier_code = $1 ORDER BY seq',
      [handle.workflowId],
    );
    expect(slip.map((r) => r.step_key)).toEqual([
      'verification',
      'commune_proposal',
      'district_appraisal',
      'district_decision',
    ]);
    const { rows: events } = await db.pool.query(
      'SELECT seq, type FROM dossier_events WHERE dossier_code = $1 ORDER BY seq',
      [handle.workflowId],
    );
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'posting_started',
        'posting_ended',
        'decision_issued',
        'entitlement_created',
        'dossier_completed',
      ]),
    );
  });

  it('two tiers (from 07/2025): the commune chairman decides; due dates skip 30/4–1/5 2055', async () => {
    await skipTo(env, '2055-04-27'); // Tuesday; 30/04, 01/05 and the compensating 03/05 are off
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance' });
    const verification = await openTaskFor(handle, 'verification');
    // 5 working days: 28, 29 April, 04, 05, 06 May.
    expect(verification).toMatchObject({ role: 'commune_officer', dueDate: '2055-05-06' });
    // 10 working days in total: … 07, 10, 11, 12, 13 May.
    expect((await state(handle)).appointmentDate).toBe('2055-05-13');
    // 2055: the seeded two-tier route ended on 2027-02-28; the testbed published its successor, the same route.
    expect((await state(handle)).procedure).toMatchObject({
      id: 'monthly-allowance',
      version: successorVersionOf('monthly-allowance'),
      tier: 'two-tier',
    });
    await act(handle, verification, 'approve');
    await openUntilPosting(handle);
    await skipPastEndOf(env, '2055-04-29');
    const decision = await openTaskFor(handle, 'commune_decision');
    expect(decision).toMatchObject({ role: 'commune_chairman', unitCode: '26491' });
    await act(handle, decision, 'approve');
    const result = await handle.result();
    expect(result.status).toBe('completed');
    // Verification may be approved in bulk (a council's list); the decision is signed one by one.
    const bulk = await db.pool.query(
      'SELECT step_key, bulk_allowed FROM tasks WHERE dossier_code = $1 ORDER BY created_at',
      [handle.workflowId],
    );
    expect(bulk.rows).toEqual([
      { step_key: 'verification', bulk_allowed: true },
      { step_key: 'commune_decision', bulk_allowed: false },
    ]);
    const { rows } = await db.pool.query(
      'SELECT issuer_code, monthly_amount FROM decisions WHERE dossier_code = $1',
      [handle.workflowId],
    );
    expect(rows[0]).toEqual({ issuer_code: '26491', monthly_amount: 1_000_000 });
  });

  it('emergency food: the commune chairman decides within 2 calendar days; 15 kg of rice per person, numbered decision', async () => {
    const application = sampleApplication();
    const handle = await startDossier(bed, {
      procedureId: 'emergency-food',
      application: { ...application, beneficiary: { ...application.beneficiary, householdSize: 4 } },
    });
    const received = (await state(handle)).receivedOn;
    const decision = await openTaskFor(handle, 'commune_decision');
    expect(decision).toMatchObject({
      role: 'commune_chairman',
      dueDate: nationalCalendar.addCalendarDays(received, 2),
    });
    await act(handle, decision, 'approve', {
      actor: { userId: 'ct-xa', role: 'commune_chairman', fullName: 'Huỳnh Minh Đức' },
    });
    // The commune's decisions share one register: the two-tier decision above took 01 this year.
    expect(await handle.result()).toMatchObject({ status: 'completed', decisionNumber: 'Số: 02/QĐ-UBND' });
    const [row] = (
      await db.pool.query('SELECT kind, in_kind, number_label FROM decisions WHERE dossier_code = $1', [
        handle.workflowId,
      ])
    ).rows;
    expect(row).toEqual({
      kind: 'in_kind',
      in_kind: { riceKg: 60, months: 1 },
      number_label: 'Số: 02/QĐ-UBND',
    });
    const [document] = (
      await db.pool.query(`SELECT html FROM documents WHERE dossier_code = $1 AND kind = 'emergency-food'`, [
        handle.workflowId,
      ])
    ).rows;
    expect(document.html).toContain('60 kg');
    expect(document.html).toContain('Sáu mươi ki-lô-gam');
  });

  async function openUntilPosting(handle: Parameters<typeof state>[0]) {
    for (let i = 0; i < 100; i += 1) {
      const current = await state(handle);
      if (current.timeline.some((e) => e.type === 'posting_started')) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('posting did not start');
  }
});
