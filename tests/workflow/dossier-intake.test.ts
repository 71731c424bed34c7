import { claimTaskUpdate, supplementSignal } from '../../workflows/dossier/messages';
import {
  act,
  createDossierTestbed,
  eventually,
  nationalCalendar as calendar,
  openTaskFor,
  rejectionOf,
  rows,
  sampleApplication,
  skipTo,
  startDossier,
  state,
  todayOn,
  newCode,
  officer,
} from '../helpers/dossier';
import { Client } from '@temporalio/client';
import { testDataConverter } from '../helpers/payload-keys';
import { dossierWorkflow } from '../../workflows';

/** Intake at the desk and online, and a refusal, on the two-tier monthly allowance route (in force now). */
describe('dossier intake and refusal', () => {
  let bed: Awaited<ReturnType<typeof createDossierTestbed>>;
  beforeAll(async () => {
    bed = await createDossierTestbed();
  });
  afterAll(() => bed?.teardown());

  it('a walk-in dossier skips the completeness check and gets its receipt (form 01) at once', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance', channel: 'walk_in' });
    const today = await todayOn(bed.env);
    await openTaskFor(handle, 'verification');
    const current = await state(handle);
    expect(current.acceptedOn).toBe(today);
    expect(current.appointmentDate).toBe(calendar.addWorkingDays(today, 10));
    expect(current.timeline.some((e) => e.stepKey === 'intake_check')).toBe(false);
    const docs = await rows(bed.pool, 'SELECT kind FROM documents WHERE dossier_code = $1', [
      handle.workflowId,
    ]);
    expect(docs).toEqual([{ kind: 'receipt-appointment' }]);
  });

  it('a walk-in dossier writes what its first workflow task recorded in two transactions, not one per event', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance', channel: 'walk_in' });
    const task = await openTaskFor(handle, 'verification');
    const code = handle.workflowId;
    // Rows inserted by one transaction share its id (xmin): the receipt, the acceptance and the first task
    // are written together; dossier_received before them, since the receipt reads the application it stores.
    const written = async () =>
      rows<{ type: string; tx: string }>(
        bed.pool,
        'SELECT type, xmin::text AS tx FROM dossier_events WHERE dossier_code = $1 ORDER BY seq',
        [code],
      );
    let first = await written();
    for (let attempt = 0; attempt < 200 && !first.some((event) => event.type === 'task_opened'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      first = await written();
    }
    expect(first.map((event) => event.type)).toEqual([
      'dossier_received',
      'document_issued',
      'dossier_accepted',
      'step_entered',
      'task_opened',
    ]);
    expect(new Set(first.map((event) => event.tx)).size).toBe(2);
    expect(new Set(first.slice(1).map((event) => event.tx)).size).toBe(1);
    // An officer's update answers once its event is written: the inbox shows the claim at once.
    await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor: officer(task.role) }] });
    const [claimed] = await rows<{ claimed_by: string | null }>(
      bed.pool,
      'SELECT claimed_by FROM tasks WHERE id = $1',
      [task.id],
    );
    expect(claimed?.claimed_by).toBe(officer(task.role).userId);
  });

  it('a dossier carries its code and units, not the application: activities read it from Postgres', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance', channel: 'walk_in' });
    await openTaskFor(handle, 'verification');
    const [started] = (await handle.fetchHistory()).events ?? [];
    const startInput = await testDataConverter.payloadCodecs![0]!.decode(
      started!.workflowExecutionStartedEventAttributes!.input!.payloads!,
    );
    const input = JSON.parse(Buffer.from(startInput[0]!.data!).toString('utf8'));
    expect(Object.keys(input).sort()).toEqual(['channel', 'code', 'procedureId', 'units']);
    // Moved into the read model by dossier_received, then the receipt was built from it.
    const [dossier] = await rows(
      bed.pool,
      'SELECT applicant_name, application FROM dossiers WHERE code = $1',
      [handle.workflowId],
    );
    expect(dossier).toMatchObject({ applicant_name: 'Nguyễn Thị Hoa', application: sampleApplication() });
    expect(await rows(bed.pool, 'SELECT code FROM received_applications')).toEqual([]);
    const [receipt] = await rows(bed.pool, 'SELECT html FROM documents WHERE dossier_code = $1', [
      handle.workflowId,
    ]);
    expect(String(receipt?.html)).toContain('Nguyễn Thị Hoa');
  });

  it('a run started before that change, with the application in its input, still goes on', async () => {
    const code = await newCode(bed.env);
    const handle = await new Client({
      connection: bed.env.connection,
      namespace: bed.env.namespace,
      dataConverter: testDataConverter,
    }).workflow.start(dossierWorkflow, {
      taskQueue: bed.taskQueue,
      workflowId: code,
      args: [
        { code, procedureId: 'monthly-allowance', channel: 'walk_in', application: sampleApplication() },
      ],
    });
    const verification = await openTaskFor(handle, 'verification');
    const [dossier] = await rows(bed.pool, 'SELECT beneficiary_name FROM dossiers WHERE code = $1', [code]);
    expect(dossier).toEqual({ beneficiary_name: 'Trần Văn Bảy' });
    await act(handle, verification, 'refuse', { reason: 'Không thuộc diện hộ nghèo' });
    expect(await handle.result()).toMatchObject({ status: 'refused' });
    const letters = await rows(
      bed.pool,
      'SELECT kind, html FROM documents WHERE dossier_code = $1 ORDER BY kind',
      [code],
    );
    expect(letters.map((l) => l.kind)).toEqual(['receipt-appointment', 'refusal-letter']);
    expect(String(letters[1]?.html)).toContain('Nguyễn Thị Hoa');
  });

  it('an online dossier waits for the desk, which accepts it: then the receipt and the legal clock start', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance', channel: 'online' });
    const today = await todayOn(bed.env);
    const check = await openTaskFor(handle, 'intake_check');
    expect(check).toMatchObject({
      kind: 'intake_check',
      role: 'intake_clerk',
      dueDate: calendar.addWorkingDays(today, 1),
    });
    const waiting = await state(handle);
    expect(waiting.status).toBe('awaiting_intake_check');
    expect(waiting.appointmentDate).toBeUndefined();
    const [dossier] = await rows(bed.pool, 'SELECT status, appointment_date FROM dossiers WHERE code = $1', [
      handle.workflowId,
    ]);
    expect(dossier).toEqual({ status: 'awaiting_intake_check', appointment_date: null });

    await act(handle, check, 'approve');
    await openTaskFor(handle, 'verification');
    expect(await state(handle)).toMatchObject({
      status: 'in_progress',
      appointmentDate: calendar.addWorkingDays(today, 10),
    });
  });

  it('the desk asks for completion (form 02) and checks again once the citizen supplements', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance', channel: 'online' });
    const check = await openTaskFor(handle, 'intake_check');
    expect(await rejectionOf(act(handle, check, 'request_documents', { reason: 'Thiếu giấy tờ' }))).toBe(
      'MISSING_DOCUMENTS_REQUIRED',
    );
    await act(handle, check, 'request_documents', {
      reason: 'Thiếu giấy tờ chứng minh hộ nghèo',
      missingDocuments: ['Giấy chứng nhận hộ nghèo năm 2026'],
    });
    await eventually(handle, 'clock_stopped');
    expect((await state(handle)).status).toBe('awaiting_supplement');
    const forms = await rows(bed.pool, `SELECT kind FROM documents WHERE dossier_code = $1`, [
      handle.workflowId,
    ]);
    expect(forms).toEqual([{ kind: 'supplement-request' }]);

    await handle.signal(supplementSignal, {
      supplementId: 's-1',
      documents: [{ name: 'Giấy chứng nhận hộ nghèo năm 2026', kind: 'ho_ngheo' }],
    });
    const recheck = await openTaskFor(handle, 'intake_check');
    expect(recheck.id).not.toBe(check.id);
    await act(handle, recheck, 'approve');
    await openTaskFor(handle, 'verification');
    expect((await state(handle)).status).toBe('in_progress');
  });

  it('the desk refuses to accept (form 03): the dossier ends without a receipt', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance', channel: 'online' });
    const check = await openTaskFor(handle, 'intake_check');
    expect(await rejectionOf(act(handle, check, 'refuse'))).toBe('REASON_REQUIRED');
    expect(await rejectionOf(act(handle, check, 'return', { reason: 'x' }))).toBe('OUTCOME_NOT_ALLOWED');
    await act(handle, check, 'refuse', { reason: 'Thủ tục không thuộc thẩm quyền giải quyết của xã' });
    expect(await handle.result()).toMatchObject({ status: 'intake_refused' });
    const [dossier] = await rows(
      bed.pool,
      'SELECT status, result, appointment_date FROM dossiers WHERE code = $1',
      [handle.workflowId],
    );
    expect(dossier).toEqual({
      status: 'intake_refused',
      result: 'Từ chối tiếp nhận hồ sơ',
      appointment_date: null,
    });
    const kinds = await rows(bed.pool, 'SELECT kind FROM documents WHERE dossier_code = $1', [
      handle.workflowId,
    ]);
    // Form 03 only: no receipt, no appointment.
    expect(kinds.map((k) => k.kind)).toEqual(['intake-refusal']);
    const [form03] = await rows(bed.pool, 'SELECT html FROM documents WHERE dossier_code = $1', [
      handle.workflowId,
    ]);
    expect(form03!.html).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(form03!.html).toContain('Thủ tục không thuộc thẩm quyền giải quyết của xã');
  });

  it('a refusal at verification needs a reason, ends the dossier and issues a numbered refusal letter', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance' });
    const verification = await openTaskFor(handle, 'verification');
    expect(await rejectionOf(act(handle, verification, 'refuse', { reason: '  ' }))).toBe('REASON_REQUIRED');
    expect(
      await rejectionOf(
        act(handle, verification, 'approve', { actor: { userId: 'x', role: 'district_officer' } }),
      ),
    ).toBe('WRONG_ROLE');
    expect(await rejectionOf(act(handle, { ...verification, id: `${verification.id}9` }, 'approve'))).toBe(
      'TASK_NOT_FOUND',
    );
    await act(handle, verification, 'refuse', {
      reason: 'Hộ gia đình không thuộc diện hộ nghèo theo chuẩn nghèo hiện hành',
    });
    expect(await handle.result()).toMatchObject({ status: 'refused' });
    // The workflow has closed: the server answers that there is nothing left to update.
    expect(await rejectionOf(act(handle, verification, 'approve'))).toBe('WorkflowNotFoundError');
    const [dossier] = await rows(
      bed.pool,
      'SELECT status, result, on_time_status FROM dossiers WHERE code = $1',
      [handle.workflowId],
    );
    // A refusal is a result: classed against the appointment like any other (the reports count it).
    expect(dossier).toEqual({
      status: 'refused',
      result: 'Không giải quyết: Hộ gia đình không thuộc diện hộ nghèo theo chuẩn nghèo hiện hành',
      on_time_status: 'Trước hạn',
    });
    const [letter] = await rows(
      bed.pool,
      `SELECT number_label, html FROM documents WHERE dossier_code = $1 AND kind = 'refusal-letter'`,
      [handle.workflowId],
    );
    expect(letter?.number_label).toMatch(/^Số: \d{2}\/UBND/);
    expect(letter?.html).toContain('Hộ gia đình không thuộc diện hộ nghèo theo chuẩn nghèo hiện hành');
    const [task] = await rows(
      bed.pool,
      'SELECT status, outcome, reason, on_time_status FROM tasks WHERE id = $1',
      [verification.id],
    );
    expect(task).toMatchObject({ status: 'done', outcome: 'refuse', on_time_status: 'Trước hạn' });
  });

  it('a decision the rules refuse is recorded and the deciding step opens again, instead of retrying for ever', async () => {
    const today = await todayOn(bed.env);
    // A child without carer (clause 5.1, under 16) whose 16th birthday falls between receipt and decision.
    const turns16 = calendar.addCalendarDays(today, 3);
    const dateOfBirth = `${Number(turns16.slice(0, 4)) - 16}${turns16.slice(4)}`;
    const application = sampleApplication();
    const handle = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
      application: {
        ...application,
        beneficiary: {
          ...application.beneficiary,
          dateOfBirth,
          idNumber: undefined,
          qualifications: [{ clause: '5.1' }],
        },
      },
    });
    await act(handle, await openTaskFor(handle, 'verification'), 'approve');
    const decision = await openTaskFor(handle, 'commune_decision');
    await skipTo(bed.env, calendar.addCalendarDays(today, 4), 9);
    await act(handle, decision, 'approve');
    await eventually(handle, 'decision_failed');
    const reopened = await openTaskFor(handle, 'commune_decision');
    expect(reopened.id).not.toBe(decision.id);
    expect(reopened.dueDate).toBe(decision.dueDate);
    const [failure] = await rows(
      bed.pool,
      `SELECT reason FROM dossier_events WHERE dossier_code = $1 AND type = 'decision_failed'`,
      [handle.workflowId],
    );
    expect(failure!.reason).toMatch(
      /^Không thể ra quyết định: beneficiary\.qualifications\.0\.clause: Người 16 tuổi không thuộc diện/,
    );
    expect(
      await rows(bed.pool, 'SELECT 1 FROM decisions WHERE dossier_code = $1', [handle.workflowId]),
    ).toEqual([]);
    await act(handle, reopened, 'refuse', {
      reason: 'Đã đủ 16 tuổi, không còn thuộc diện trẻ em không có nguồn nuôi dưỡng',
    });
    expect(await handle.result()).toMatchObject({ status: 'refused' });
  });

  it('a disability certificate dated after the decision is a rule error: recorded, the deciding step opens again', async () => {
    const today = await todayOn(bed.env);
    // Started directly (the submission would refuse a certificate after the day of receipt): a dossier
    // received before that check existed, or data corrected by hand.
    const application = sampleApplication();
    const handle = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
      application: {
        ...application,
        beneficiary: {
          ...application.beneficiary,
          disabilityCertifiedOn: calendar.addCalendarDays(today, 30),
          qualifications: [{ clause: '5.6', severity: 'severe' }],
        },
      },
    });
    await act(handle, await openTaskFor(handle, 'verification'), 'approve');
    const decision = await openTaskFor(handle, 'commune_decision');
    await act(handle, decision, 'approve');
    await eventually(handle, 'decision_failed');
    const reopened = await openTaskFor(handle, 'commune_decision');
    expect(reopened.id).not.toBe(decision.id);
    const [failure] = await rows(
      bed.pool,
      `SELECT reason FROM dossier_events WHERE dossier_code = $1 AND type = 'decision_failed'`,
      [handle.workflowId],
    );
    expect(failure!.reason).toContain('beneficiary.disabilityCertifiedOn: không được sau ngày');
    expect(
      await rows(bed.pool, 'SELECT 1 FROM decisions WHERE dossier_code = $1', [handle.workflowId]),
    ).toEqual([]);
    await act(handle, reopened, 'refuse', { reason: 'Ngày cấp giấy xác nhận khuyết tật không đúng' });
    expect(await handle.result()).toMatchObject({ status: 'refused' });
  });

  it('a single parent with a disability (5.4 + 5.6): each clause starts on its own month', async () => {
    const today = await todayOn(bed.env);
    const certified = calendar.addCalendarDays(today, -75);
    const application = sampleApplication();
    const handle = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
      application: {
        ...application,
        beneficiary: {
          ...application.beneficiary,
          dateOfBirth: '1990-04-12',
          idNumber: undefined,
          disabilityCertifiedOn: certified,
          qualifications: [
            { clause: '5.4', childrenRaised: 1 },
            { clause: '5.6', severity: 'severe' },
          ],
        },
      },
    });
    await act(handle, await openTaskFor(handle, 'verification'), 'approve');
    await act(handle, await openTaskFor(handle, 'commune_decision'), 'approve');
    await eventually(handle, 'decision_issued');
    // The read model is written by the recording activity: wait for the row.
    let row: { payment_start_month: string; payment_starts: unknown; signed_on: string } | undefined;
    for (let attempt = 0; attempt < 100 && !row; attempt += 1) {
      [row] = await rows<NonNullable<typeof row>>(
        bed.pool,
        'SELECT payment_start_month, payment_starts, signed_on::text FROM decisions WHERE dossier_code = $1',
        [handle.workflowId],
      );
      if (!row) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(row!.payment_starts).toEqual([
      { clause: '5.4', month: row!.signed_on.slice(0, 7) },
      { clause: '5.6', month: certified.slice(0, 7) },
    ]);
    // The first month paid is the earlier one, the certificate's.
    expect(row!.payment_start_month).toBe(certified.slice(0, 7));
  });
});
