import { procedureInForce, publishProcedureVersion } from '../../db/procedures';
import { fileComplaintSignal } from '../../workflows/dossier/messages';
import {
  act,
  createDossierTestbed,
  eventually,
  nationalCalendar as calendar,
  openTaskFor,
  rejectionOf,
  rows,
  skipPastEndOf,
  skipTo,
  startDossier,
  state,
  todayOn,
} from '../helpers/dossier';

describe('public posting, complaints, returns and procedure versions', () => {
  let bed: Awaited<ReturnType<typeof createDossierTestbed>>;
  beforeAll(async () => {
    bed = await createDossierTestbed();
  });
  afterAll(() => bed?.teardown());

  async function throughVerification(
    options: Parameters<typeof startDossier>[1] = { procedureId: 'monthly-allowance' },
  ) {
    const handle = await startDossier(bed, options);
    await act(handle, await openTaskFor(handle, 'verification'), 'approve');
    await eventually(handle, 'posting_started');
    return handle;
  }

  it('a complaint during posting blocks the route until the chairman resolves it', async () => {
    const handle = await throughVerification();
    const postedOn = await todayOn(bed.env);
    await handle.signal(fileComplaintSignal, {
      complaintId: 'kn-1',
      complainant: 'Trần Văn Nam',
      content: 'Gia đình ông Bảy có con trai đang đi làm, có thu nhập ổn định',
    });
    const complaint = await openTaskFor(handle, 'public_posting', 'complaint');
    expect(complaint).toMatchObject({
      role: 'commune_chairman',
      dueDate: calendar.addWorkingDays(postedOn, 10),
    });

    // The posting ends, but the complaint is still open: no decision task yet.
    await skipPastEndOf(bed.env, calendar.addWorkingDays(postedOn, 2));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const blocked = await state(handle);
    expect(blocked.openTasks.map((t) => t.kind)).toEqual(['complaint']);
    expect(blocked.timeline.some((e) => e.type === 'posting_ended')).toBe(false);
    // A complaint filed after the posting ended does not open a task.
    await handle.signal(fileComplaintSignal, { complaintId: 'kn-late', complainant: 'X', content: 'Muộn' });

    expect(await rejectionOf(act(handle, complaint, 'approve'))).toBe('REASON_REQUIRED');
    await act(handle, complaint, 'approve', {
      reason: 'Đã xác minh: con trai ông Bảy không có thu nhập ổn định; khiếu nại không có cơ sở',
    });
    const decision = await openTaskFor(handle, 'commune_decision');
    expect(decision.role).toBe('commune_chairman');
    const events = (await state(handle)).timeline.map((e) => e.type);
    expect(events.filter((t) => t === 'complaint_filed')).toHaveLength(1);
    expect(events).toContain('posting_ended');
  });

  it('an upheld complaint sends the dossier back to verification', async () => {
    const handle = await throughVerification();
    await handle.signal(fileComplaintSignal, {
      complaintId: 'kn-2',
      complainant: 'Lê Thị Mai',
      content: 'Không đúng đối tượng',
    });
    const complaint = await openTaskFor(handle, 'public_posting', 'complaint');
    await act(handle, complaint, 'return', { reason: 'Khiếu nại đúng: cần xét duyệt lại' });
    await skipPastEndOf(bed.env, calendar.addWorkingDays(await todayOn(bed.env), 2));
    const again = await openTaskFor(handle, 'verification');
    expect(again.openedOn).toBe(await todayOn(bed.env));
    const returned = await rows(
      bed.pool,
      `SELECT step_key, data FROM dossier_events WHERE dossier_code = $1 AND type = 'returned'`,
      [handle.workflowId],
    );
    expect(returned).toEqual([{ step_key: 'public_posting', data: { toStep: 'verification' } }]);
  });

  it('the deciding officer returns the dossier to verification with a reason', async () => {
    const handle = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
    });
    await act(handle, await openTaskFor(handle, 'verification'), 'approve');
    const decision = await openTaskFor(handle, 'commune_decision');
    expect(await rejectionOf(act(handle, decision, 'return'))).toBe('REASON_REQUIRED');
    expect(
      await rejectionOf(act(handle, decision, 'return', { reason: 'x', targetStep: 'commune_decision' })),
    ).toBe('INVALID_RETURN_TARGET');
    await act(handle, decision, 'return', {
      reason: 'Cần bổ sung biên bản xét duyệt có chữ ký các thành viên',
    });
    const verificationAgain = await openTaskFor(handle, 'verification');
    await act(handle, verificationAgain, 'approve');
    await act(handle, await openTaskFor(handle, 'commune_decision'), 'approve');
    expect(await handle.result()).toMatchObject({ status: 'completed' });
    const slip = await rows(
      bed.pool,
      'SELECT step_key, receiver FROM control_slip_entries WHERE dossier_code = $1 ORDER BY seq',
      [handle.workflowId],
    );
    expect(slip.map((s) => s.step_key)).toEqual([
      'verification',
      'commune_decision',
      'verification',
      'commune_decision',
    ]);
    // A two-tier route names the commune's Phòng Văn hóa - Xã hội, not the abolished labour-invalids post.
    expect(slip[1]!.receiver).toMatch(/^Công chức Phòng Văn hóa - Xã hội cấp xã/);
  });

  it("an admin's new deadlines apply to dossiers received from the effective date, not to running ones", async () => {
    const today = await todayOn(bed.env);
    const effectiveFrom = calendar.addWorkingDays(today, 1);
    const running = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
    });
    await openTaskFor(running, 'verification');

    // The version in force today: the seeded two-tier route until it ends on 2027-02-28, its successor
    // (tests/helpers/successor-versions.ts) after; the test's own version is published after both.
    const current = await procedureInForce(bed.pool, 'monthly-allowance', today);
    const published = await publishProcedureVersion(
      bed.pool,
      {
        ...current,
        effectiveFrom,
        effectiveTo: undefined,
        steps: current.steps.map((step) =>
          step.kind === 'task' && step.key === 'commune_decision'
            ? { ...step, deadline: { amount: 6, unit: 'working_days' as const } }
            : step,
        ),
      },
      'admin-test',
    );
    const newVersion = published.definition.version;
    expect(newVersion).toBeGreaterThan(current.version);

    // Received the same day, before the new version takes effect: the old deadlines.
    const sameDay = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
    });
    await openTaskFor(sameDay, 'verification');
    expect((await state(sameDay)).procedure?.version).toBe(current.version);

    await skipTo(bed.env, effectiveFrom, 8);
    const after = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
    });
    await openTaskFor(after, 'verification');
    expect((await state(after)).procedure?.version).toBe(newVersion);
    expect((await state(after)).appointmentDate).toBe(calendar.addWorkingDays(effectiveFrom, 5 + 6));

    // Both reach the decision step on the same day; each keeps the deadline of its own version.
    for (const handle of [running, after])
      await act(handle, await openTaskFor(handle, 'verification'), 'approve');
    const oldDecision = await openTaskFor(running, 'commune_decision');
    const newDecision = await openTaskFor(after, 'commune_decision');
    expect(oldDecision.dueDate).toBe(calendar.addWorkingDays(effectiveFrom, 3));
    expect(newDecision.dueDate).toBe(calendar.addWorkingDays(effectiveFrom, 6));
    const versions = await rows(
      bed.pool,
      'SELECT code, procedure_version FROM dossiers WHERE code = ANY($1) ORDER BY procedure_version',
      [[running.workflowId, after.workflowId]],
    );
    expect(versions.map((v) => v.procedure_version)).toEqual([current.version, newVersion]);
  });
});
