import { WorkflowExecutionStatusName } from '@temporalio/client';
import { publishProcedureVersion } from '../../db/procedures';
import { DEFAULT_PROCEDURES } from '../../domain/procedures';
import { TaskStepSchema } from '../../domain/procedures/schema';
import { APPROVE, escalateTo, returnTo, workingDays } from '../../domain/procedures/seeds/building-blocks';
import { WorkflowUpdateStage } from '@temporalio/client';
import {
  completeTaskUpdate,
  fileComplaintSignal,
  fileComplaintUpdate,
} from '../../workflows/dossier/messages';
import {
  act,
  createDossierTestbed,
  eventually,
  nationalCalendar as calendar,
  officer,
  openTaskFor,
  rejectionOf,
  rows,
  sampleApplication,
  skipPastEndOf,
  startDossier,
  state,
  todayOn,
} from '../helpers/dossier';

/**
 * Faults a dossier must survive (issue 15): text Postgres cannot store, documents the rules refuse. Dates are
 * derived from the test server's today; nothing here is pinned.
 */
async function eventuallyValue<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no value after 10 s');
}

describe('dossier faults: bad text and refused documents never wedge or fail a dossier', () => {
  let bed: Awaited<ReturnType<typeof createDossierTestbed>>;
  beforeAll(async () => {
    bed = await createDossierTestbed();
  });
  afterAll(() => bed?.teardown());

  async function statusOf(workflowId: string): Promise<WorkflowExecutionStatusName> {
    return (await bed.env.client.workflow.getHandle(workflowId).describe()).status.name;
  }

  it('an objection with a NUL during the posting is dropped; the next complaint still becomes a task', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance' });
    await act(handle, await openTaskFor(handle, 'verification'), 'approve');
    await eventually(handle, 'posting_started');
    await handle.signal(fileComplaintSignal, {
      complaintId: 'nul-1',
      complainant: 'Ẩn danh',
      content: 'Nội dung\u0000có ký tự NUL',
    });
    await handle.signal(fileComplaintSignal, {
      complaintId: 'lone-1',
      complainant: 'Ẩn danh \ud800',
      content: 'Tên có nửa cặp surrogate',
    });
    await handle.signal(fileComplaintSignal, {
      complaintId: 'ok-1',
      complainant: 'Trần Văn Nam',
      content: 'Gia đình ông Bảy có thu nhập ổn định',
    });
    const task = await openTaskFor(handle, 'public_posting', 'complaint');
    expect(task.title).toContain('Gia đình ông Bảy');
    const filed = await rows(
      bed.pool,
      `SELECT data->>'complaintId' AS id FROM dossier_events WHERE dossier_code = $1 AND type = 'complaint_filed'`,
      [handle.workflowId],
    );
    expect(filed).toEqual([{ id: 'ok-1' }]);
  });

  it("an officer's request for documents, reason or note with unacceptable text is refused, not hung", async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance' });
    const task = await openTaskFor(handle, 'verification');
    expect(
      await rejectionOf(
        act(handle, task, 'request_documents', {
          reason: 'Thiếu giấy tờ',
          missingDocuments: ['Giấy chứng nhận\u0000hộ nghèo'],
        }),
      ),
    ).toBe('TEXT_INVALID');
    expect(await rejectionOf(act(handle, task, 'refuse', { reason: 'Không đủ\u0000điều kiện' }))).toBe(
      'TEXT_INVALID',
    );
    expect(await rejectionOf(act(handle, task, 'approve', { note: 'Ghi chú \udc00' }))).toBe('TEXT_INVALID');
    // The task is still there and takes a proper request.
    await act(handle, task, 'request_documents', {
      reason: 'Thiếu giấy tờ chứng minh hộ nghèo',
      missingDocuments: ['Giấy chứng nhận hộ nghèo'],
    });
    await eventually(handle, 'clock_stopped');
  });

  it('a reason is what domain/text calls a reason: "." is refused by the workflow before any document', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance' });
    const task = await openTaskFor(handle, 'verification');
    expect(await rejectionOf(act(handle, task, 'refuse', { reason: '.' }))).toBe('REASON_REQUIRED');
    expect(
      await rejectionOf(
        act(handle, task, 'request_documents', { reason: 'Thiếu', missingDocuments: ['…', ' - '] }),
      ),
    ).toBe('MISSING_DOCUMENTS_REQUIRED');
    expect(await statusOf(handle.workflowId)).toBe('RUNNING');
    await act(handle, task, 'refuse', { reason: 'Không thuộc diện hưởng trợ cấp' });
    expect(await handle.result()).toMatchObject({ status: 'refused' });
  });

  it('documents the rules refuse (receipt, request for documents, refusal letter) reopen the step, never fail the dossier', async () => {
    // An application recorded before the edges checked text (the workflow input is not re-validated): a
    // blank address, which every one-stop form prints, so each of them is refused by its schema.
    const application = sampleApplication();
    const handle = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      application: { ...application, applicant: { ...application.applicant, address: '   ' } },
    });
    const task = await openTaskFor(handle, 'verification');
    const afterReceipt = await state(handle);
    expect(afterReceipt.status).toBe('in_progress');
    expect(afterReceipt.timeline.map((e) => e.type)).toContain('document_failed');

    await act(handle, task, 'request_documents', {
      reason: 'Thiếu giấy tờ chứng minh hộ nghèo',
      missingDocuments: ['Giấy chứng nhận hộ nghèo'],
    });
    const reopened = await openTaskFor(handle, 'verification');
    expect(reopened.id).not.toBe(task.id);
    expect(reopened.dueDate).toBe(task.dueDate);
    expect((await state(handle)).status).toBe('in_progress');

    await act(handle, reopened, 'refuse', { reason: 'Không thuộc diện hưởng trợ cấp' });
    const again = await openTaskFor(handle, 'verification');
    expect(again.id).not.toBe(reopened.id);
    expect(await statusOf(handle.workflowId)).toBe('RUNNING');

    const failures = await rows<{ kind: string; code: string; reason: string }>(
      bed.pool,
      `SELECT data->>'kind' AS kind, data->>'code' AS code, reason FROM dossier_events
        WHERE dossier_code = $1 AND type = 'document_failed' ORDER BY seq`,
      [handle.workflowId],
    );
    expect(failures.map((f) => [f.kind, f.code])).toEqual([
      ['receipt', 'DOCUMENT_DATA_INVALID'],
      ['completion_request', 'DOCUMENT_DATA_INVALID'],
      ['refusal_letter', 'DOCUMENT_DATA_INVALID'],
    ]);
    expect(failures[0]!.reason).toMatch(/address/);
    const [dossier] = await rows(bed.pool, 'SELECT status FROM dossiers WHERE code = $1', [
      handle.workflowId,
    ]);
    expect(dossier).toEqual({ status: 'in_progress' });
  });

  it('an error retrying cannot cure is an incident officers see, not a silent retry loop; it clears once cured', async () => {
    // No version of this procedure exists: snapshotProcedure fails the same way on every attempt.
    const handle = await startDossier(bed, { procedureId: 'incident-test-allowance' });
    const incident = await eventuallyValue(async () => (await state(handle)).incident);
    expect(incident).toMatchObject({ activity: 'snapshotProcedure', code: 'UNKNOWN_PROCEDURE' });
    expect(incident!.message).toMatch(/incident-test-allowance/);
    // The read model has it as soon as the reportIncident activity has run.
    const stored = await eventuallyValue(
      async () =>
        (
          await rows(
            bed.pool,
            'SELECT activity, code, message FROM dossier_incidents WHERE dossier_code = $1',
            [handle.workflowId],
          )
        )[0],
    );
    expect(stored).toMatchObject({ activity: 'snapshotProcedure', code: 'UNKNOWN_PROCEDURE' });
    expect((await bed.env.client.workflow.getHandle(handle.workflowId).describe()).status.name).toBe(
      'RUNNING',
    );

    // An admin publishes the procedure; the dossier's next retry (within the hour) finds it.
    const twoTier = DEFAULT_PROCEDURES.find((d) => d.id === 'monthly-allowance' && d.tier === 'two-tier')!;
    await publishProcedureVersion(
      bed.pool,
      { ...twoTier, id: 'incident-test-allowance', effectiveFrom: '2026-01-01', effectiveTo: undefined },
      'test',
    );
    await bed.env.sleep('61 minutes');
    await openTaskFor(handle, 'verification');
    expect((await state(handle)).incident).toBeUndefined();
    expect(
      await rows(bed.pool, 'SELECT 1 FROM dossier_incidents WHERE dossier_code = $1', [handle.workflowId]),
    ).toEqual([]);
  });

  it('a step after the decision cannot return the dossier past it: one decision, never a second (RETURN_PAST_DECISION)', async () => {
    // A province's route with a step after the decision (handing the result over at the desk).
    const twoTier = DEFAULT_PROCEDURES.find((d) => d.id === 'monthly-allowance' && d.tier === 'two-tier')!;
    await publishProcedureVersion(
      bed.pool,
      {
        ...twoTier,
        id: 'after-decision-allowance',
        effectiveFrom: '2026-01-01',
        effectiveTo: undefined,
        steps: [
          ...twoTier.steps,
          TaskStepSchema.parse({
            key: 'result_handover',
            title: 'Trả kết quả cho người dân',
            kind: 'task',
            actor: { level: 'commune', role: 'intake_clerk' },
            deadline: workingDays(1),
            escalation: escalateTo(['commune_chairman']),
            outcomes: [APPROVE, returnTo('verification')],
          }),
        ],
      },
      'test',
    );
    const handle = await startDossier(bed, {
      procedureId: 'after-decision-allowance',
      skipOptionalSteps: ['public_posting'],
    });
    await act(handle, await openTaskFor(handle, 'verification'), 'approve');
    await act(handle, await openTaskFor(handle, 'commune_decision'), 'approve');
    const handover = await openTaskFor(handle, 'result_handover');
    expect(await rejectionOf(act(handle, handover, 'return', { reason: 'Xét lại' }))).toBe(
      'RETURN_PAST_DECISION',
    );
    expect(
      await rejectionOf(
        act(handle, handover, 'return', { reason: 'Xét lại', targetStep: 'commune_decision' }),
      ),
    ).toBe('RETURN_PAST_DECISION');
    await act(handle, handover, 'approve');
    expect(await handle.result()).toMatchObject({ status: 'completed' });
    const decisions = await rows(bed.pool, 'SELECT 1 FROM decisions WHERE dossier_code = $1', [
      handle.workflowId,
    ]);
    expect(decisions).toHaveLength(1);
    expect(
      await rows(bed.pool, 'SELECT 1 FROM dossier_incidents WHERE dossier_code = $1', [handle.workflowId]),
    ).toEqual([]);
  });

  it('the read model refusing an event is an incident too (not retried for ever), and the dossier goes on once cured', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance' });
    const task = await openTaskFor(handle, 'verification');
    // A read model that refuses this dossier's next task (as a schema out of step with the code would).
    await bed.pool.query(
      `ALTER TABLE tasks ADD CONSTRAINT incident_probe CHECK (dossier_code <> '${handle.workflowId}') NOT VALID`,
    );
    let approval: Awaited<ReturnType<typeof handle.startUpdate>> | undefined;
    try {
      // Accepted at once; its answer waits until the completion is recorded.
      approval = await handle.startUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, outcome: 'approve', actor: officer(task.role) }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      const incident = await eventuallyValue(async () => (await state(handle)).incident);
      expect(incident).toMatchObject({ activity: 'recordEvents', code: 'READ_MODEL_REJECTED' });
      const stored = await eventuallyValue(
        async () =>
          (
            await rows(bed.pool, 'SELECT code FROM dossier_incidents WHERE dossier_code = $1', [
              handle.workflowId,
            ])
          )[0],
      );
      expect(stored).toEqual({ code: 'READ_MODEL_REJECTED' });
    } finally {
      await bed.pool.query('ALTER TABLE tasks DROP CONSTRAINT incident_probe');
    }
    await bed.env.sleep('61 minutes');
    await eventually(handle, 'posting_started');
    expect(await approval!.result()).toMatchObject({ taskId: task.id, status: 'done' });
    expect((await state(handle)).incident).toBeUndefined();
  });

  // Last: it moves the clock past the posting.
  it('a complaint is an update: answered once recorded while the posting is open, refused (NOT_IN_POSTING) once it has closed', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance' });
    await act(handle, await openTaskFor(handle, 'verification'), 'approve');
    await eventually(handle, 'posting_started');
    const postedOn = await todayOn(bed.env);
    const complaint = {
      complaintId: 'kn-update-1',
      complainant: 'Trần Văn Nam',
      content: 'Gia đình ông Bảy có thu nhập ổn định',
    };
    expect(await handle.executeUpdate(fileComplaintUpdate, { args: [complaint] })).toEqual({
      complaintId: 'kn-update-1',
      status: 'filed',
    });
    // Answered only once recorded: the read model already has it.
    const filed = async () =>
      rows(bed.pool, `SELECT seq FROM dossier_events WHERE dossier_code = $1 AND type = 'complaint_filed'`, [
        handle.workflowId,
      ]);
    expect(await filed()).toHaveLength(1);
    // A resend (the citizen's network dropped the answer) is answered the same and filed once.
    expect(await handle.executeUpdate(fileComplaintUpdate, { args: [complaint] })).toEqual({
      complaintId: 'kn-update-1',
      status: 'filed',
    });
    expect(
      await rejectionOf(
        handle.executeUpdate(fileComplaintUpdate, {
          args: [{ ...complaint, complaintId: 'kn-update-nul', content: 'Có\u0000NUL' }],
        }),
      ),
    ).toBe('TEXT_INVALID');

    // The posting ends; the complaint task keeps the dossier in the posting step, but it takes no more.
    await skipPastEndOf(bed.env, calendar.addWorkingDays(postedOn, 2));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await state(handle)).posting).toMatchObject({ open: false });
    expect(
      await rejectionOf(
        handle.executeUpdate(fileComplaintUpdate, {
          args: [{ ...complaint, complaintId: 'kn-update-late' }],
        }),
      ),
    ).toBe('NOT_IN_POSTING');
    expect(await filed()).toHaveLength(1);
    const task = await openTaskFor(handle, 'public_posting', 'complaint');
    await act(handle, task, 'approve', { reason: 'Đã xác minh: khiếu nại không có cơ sở' });
    await openTaskFor(handle, 'commune_decision');
  });
});
