/**
 * Withdrawal by the applicant (rút hồ sơ, issue 12): accepted while no decision is made, it ends the open
 * tasks and timers, issues form 05 (Thông báo dừng giải quyết hồ sơ) and ends the dossier 'withdrawn' — in
 * the workflow, the read model (inbox, tracking) and the outbox alike. Refused once a decision is made.
 */
import { publishProcedureVersion } from '../../db/procedures';
import { DEFAULT_PROCEDURES, type ProcedureDefinition } from '../../domain/procedures';
import { withdrawDossierUpdate, type WithdrawInput } from '../../workflows/dossier/messages';
import {
  act,
  createDossierTestbed,
  eventually,
  nationalCalendar as calendar,
  openTaskFor,
  rejectionOf,
  rows,
  skipPastEndOf,
  startDossier,
  state,
  todayOn,
} from '../helpers/dossier';

const CITIZEN: WithdrawInput = {
  by: 'citizen',
  reason: 'Gia đình đã thu xếp được người chăm sóc, không còn nhu cầu',
};

type Handle = Awaited<ReturnType<typeof startDossier>>;

describe('withdrawal by the applicant', () => {
  let bed: Awaited<ReturnType<typeof createDossierTestbed>>;
  beforeAll(async () => {
    bed = await createDossierTestbed();
  });
  afterAll(() => bed?.teardown());

  const withdraw = (handle: Handle, input: WithdrawInput = CITIZEN) =>
    handle.executeUpdate(withdrawDossierUpdate, { args: [input] });

  it('during verification: the task ends, form 05 is issued, the dossier ends withdrawn', async () => {
    const handle = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
    });
    const verification = await openTaskFor(handle, 'verification');
    expect(await rejectionOf(withdraw(handle, { by: 'citizen', reason: ' … ' }))).toBe('REASON_REQUIRED');

    const answer = await withdraw(handle);
    const today = await todayOn(bed.env);
    expect(answer).toMatchObject({ status: 'withdrawn', withdrawnOn: today });
    expect(answer.documentId).toEqual(expect.any(String));
    expect(await handle.result()).toMatchObject({ status: 'withdrawn' });

    const [dossier] = await rows(
      bed.pool,
      'SELECT status, finished_on, result, current_step_key FROM dossiers WHERE code = $1',
      [handle.workflowId],
    );
    expect(dossier).toEqual({
      status: 'withdrawn',
      finished_on: today,
      result: 'Dừng giải quyết hồ sơ do người nộp rút hồ sơ',
      current_step_key: null,
    });
    // Gone from the inbox: the open task is cancelled, not done by anyone.
    const [task] = await rows(bed.pool, 'SELECT status, completed_by FROM tasks WHERE id = $1', [
      verification.id,
    ]);
    expect(task).toEqual({ status: 'cancelled', completed_by: null });
    const [event] = await rows<{ reason: string; data: Record<string, unknown> }>(
      bed.pool,
      `SELECT reason, data FROM dossier_events WHERE dossier_code = $1 AND type = 'dossier_withdrawn'`,
      [handle.workflowId],
    );
    expect(event).toEqual({
      reason: CITIZEN.reason,
      data: { by: 'citizen', requestedOn: today, documentId: answer.documentId },
    });
    const [notice] = await rows<{ kind: string; html: string }>(
      bed.pool,
      'SELECT kind, html FROM documents WHERE id = $1',
      [answer.documentId],
    );
    expect(notice!.kind).toBe('processing-stopped');
    expect(notice!.html).toContain('Về việc dừng giải quyết hồ sơ');
    expect(notice!.html).toContain(`Lý do: ${CITIZEN.reason}.`);
    expect(notice!.html).toContain('đề nghị rút hồ sơ trực tuyến qua trang tra cứu hồ sơ');
    // The citizen is told through the outbox.
    const messages = await rows(
      bed.pool,
      `SELECT kind, channel FROM outbox_messages WHERE dossier_code = $1 AND kind = 'withdrawn'`,
      [handle.workflowId],
    );
    expect(messages).toEqual([{ kind: 'withdrawn', channel: 'sms' }]);
  });

  it('during the public posting, recorded by the desk: the posting ends with it', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance' });
    await act(handle, await openTaskFor(handle, 'verification'), 'approve');
    await eventually(handle, 'posting_started');
    const postedOn = await todayOn(bed.env);

    const answer = await withdraw(handle, {
      by: 'desk',
      actor: 'desk-officer-1',
      reason: 'Đơn xin rút hồ sơ nộp tại Bộ phận Một cửa',
    });
    expect(answer.status).toBe('withdrawn');
    expect(await handle.result()).toMatchObject({ status: 'withdrawn' });
    const events = await rows<{ type: string; actor: string | null }>(
      bed.pool,
      'SELECT type, actor FROM dossier_events WHERE dossier_code = $1 ORDER BY seq',
      [handle.workflowId],
    );
    const types = events.map((e) => e.type);
    expect(types.slice(-2)).toEqual(['document_issued', 'dossier_withdrawn']);
    expect(types).not.toContain('posting_ended');
    expect(events.at(-1)!.actor).toBe('desk-officer-1');
    const [notice] = await rows<{ html: string }>(bed.pool, 'SELECT html FROM documents WHERE id = $1', [
      answer.documentId,
    ]);
    expect(notice!.html).toContain('bằng văn bản nộp tại Bộ phận Một cửa');
    // The posting's end passes with nothing more happening (the workflow is closed).
    await skipPastEndOf(bed.env, calendar.addWorkingDays(postedOn, 2));
    const after = await rows(bed.pool, 'SELECT seq FROM dossier_events WHERE dossier_code = $1', [
      handle.workflowId,
    ]);
    expect(after).toHaveLength(events.length);
  });

  it('two requests at once: one withdrawal, one notice, the same answer to both', async () => {
    const handle = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
    });
    await openTaskFor(handle, 'verification');
    const [first, second] = await Promise.all([
      withdraw(handle),
      withdraw(handle, { by: 'desk', actor: 'desk-officer-1', reason: 'Đơn nộp tại Bộ phận Một cửa' }),
    ]);
    expect(second).toEqual(first);
    const notices = await rows(
      bed.pool,
      `SELECT id FROM documents WHERE dossier_code = $1 AND kind = 'processing-stopped'`,
      [handle.workflowId],
    );
    expect(notices).toEqual([{ id: first.documentId }]);
  });

  it('while waiting for a supplement (clock stopped)', async () => {
    const handle = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
    });
    await act(handle, await openTaskFor(handle, 'verification'), 'request_documents', {
      reason: 'Thiếu giấy tờ',
      missingDocuments: ['Giấy xác nhận khuyết tật'],
    });
    await eventually(handle, 'clock_stopped');
    expect((await withdraw(handle)).status).toBe('withdrawn');
    const [dossier] = await rows(bed.pool, 'SELECT status, clock_stopped FROM dossiers WHERE code = $1', [
      handle.workflowId,
    ]);
    expect(dossier).toMatchObject({ status: 'withdrawn' });
  });

  it('is refused once the decision is made', async () => {
    // A route that goes on after the decision (the desk returns the result): the workflow still runs.
    const twoTier = DEFAULT_PROCEDURES.find((d) => d.id === 'monthly-allowance' && d.version === 2)!;
    const decisionStep = twoTier.steps.find((step) => step.key === 'commune_decision');
    if (decisionStep?.kind !== 'task') throw new Error('no commune_decision step');
    const { decides: _decides, ...taskStep } = decisionStep;
    const withReturn: ProcedureDefinition = {
      ...twoTier,
      id: 'monthly-allowance-result-return',
      version: 1,
      effectiveFrom: await todayOn(bed.env),
      steps: [
        ...twoTier.steps,
        {
          ...taskStep,
          key: 'result_return',
          title: 'Trả kết quả cho người nộp hồ sơ',
          actor: { level: 'commune', role: 'intake_clerk' },
          deadline: { amount: 1, unit: 'working_days' },
          outcomes: [{ kind: 'approve', requiredFields: [] }],
          documents: [],
        },
      ],
    };
    await publishProcedureVersion(bed.pool, withReturn, 'test');
    const handle = await startDossier(bed, {
      procedureId: withReturn.id,
      skipOptionalSteps: ['public_posting'],
    });
    await act(handle, await openTaskFor(handle, 'verification'), 'approve');
    await act(handle, await openTaskFor(handle, 'commune_decision'), 'approve');
    const resultReturn = await openTaskFor(handle, 'result_return');
    expect(await rejectionOf(withdraw(handle))).toBe('DECISION_MADE');
    // Nothing changed: the desk returns the result and the dossier completes.
    expect((await state(handle)).status).toBe('in_progress');
    await act(handle, resultReturn, 'approve');
    expect(await handle.result()).toMatchObject({ status: 'completed' });
    const withdrawn = await rows(
      bed.pool,
      `SELECT 1 FROM dossier_events WHERE dossier_code = $1 AND type = 'dossier_withdrawn'`,
      [handle.workflowId],
    );
    expect(withdrawn).toEqual([]);
  });
});
