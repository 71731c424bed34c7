import { publishProcedureVersion } from '../../db/procedures';
import { DEFAULT_PROCEDURES } from '../../domain/procedures';
import { supplementSignal } from '../../workflows/dossier/messages';
import {
  act,
  rejectionOf,
  createDossierTestbed,
  eventually,
  nationalCalendar as calendar,
  openTaskFor,
  rows,
  skipPastEndOf,
  skipTo,
  startDossier,
  state,
  todayOn,
} from '../helpers/dossier';

/**
 * The legal clock on the two-tier route (verification 5 WD with a reminder 2 WD ahead and a daily
 * escalation to the commune chairman; 10 WD in total): stopping for documents, and running late.
 */
describe('the legal clock', () => {
  let bed: Awaited<ReturnType<typeof createDossierTestbed>>;
  beforeAll(async () => {
    bed = await createDossierTestbed();
  });
  afterAll(() => bed?.teardown());

  it('a request for documents stops the clock; due date and appointment move by the paused working days', async () => {
    const handle = await startDossier(bed, { procedureId: 'monthly-allowance' });
    const received = await todayOn(bed.env);
    const verification = await openTaskFor(handle, 'verification');
    const originalDue = calendar.addWorkingDays(received, 5);
    const originalAppointment = calendar.addWorkingDays(received, 10);
    expect(verification.dueDate).toBe(originalDue);

    await act(handle, verification, 'request_documents', {
      reason: 'Thiếu giấy xác nhận hộ nghèo',
      missingDocuments: ['Giấy chứng nhận hộ nghèo'],
    });
    await eventually(handle, 'clock_stopped');
    // Six working days pass — beyond the original due date — while the clock is stopped.
    const supplementedOn = calendar.addWorkingDays(received, 6);
    await skipTo(bed.env, supplementedOn, 9);
    const stopped = await state(handle);
    expect(stopped).toMatchObject({ status: 'awaiting_supplement', clockStopped: true });
    expect(stopped.timeline.filter((e) => e.type === 'task_overdue' || e.type === 'task_reminded')).toEqual(
      [],
    );

    await handle.signal(supplementSignal, {
      supplementId: 'bs-1',
      documents: [{ name: 'Giấy chứng nhận hộ nghèo', kind: 'ho_ngheo' }],
    });
    // Sent twice (a citizen double-clicking): the second is ignored.
    await handle.signal(supplementSignal, {
      supplementId: 'bs-1',
      documents: [{ name: 'Giấy chứng nhận hộ nghèo', kind: 'ho_ngheo' }],
    });
    const resumed = await openTaskFor(handle, 'verification');
    expect(resumed.id).not.toBe(verification.id);
    expect(resumed.dueDate).toBe(calendar.addWorkingDays(originalDue, 6));
    expect((await state(handle)).appointmentDate).toBe(calendar.addWorkingDays(originalAppointment, 6));

    const changes = await rows(
      bed.pool,
      'SELECT target, old_date, new_date, reason FROM due_date_changes WHERE dossier_code = $1 ORDER BY seq, target',
      [handle.workflowId],
    );
    expect(changes).toEqual([
      expect.objectContaining({
        target: 'task',
        old_date: originalDue,
        new_date: calendar.addWorkingDays(originalDue, 6),
      }),
      expect.objectContaining({
        target: 'appointment',
        old_date: originalAppointment,
        new_date: calendar.addWorkingDays(originalAppointment, 6),
      }),
    ]);
    expect(changes[0]!.reason).toBe(
      `Tạm dừng 6 ngày làm việc chờ bổ sung hồ sơ (${received} – ${supplementedOn})`,
    );
    const events = await rows(
      bed.pool,
      `SELECT type FROM dossier_events WHERE dossier_code = $1 AND type LIKE 'clock_%' ORDER BY seq`,
      [handle.workflowId],
    );
    expect(events.map((e) => e.type)).toEqual(['clock_stopped', 'clock_resumed']);
    const [dossier] = await rows(bed.pool, 'SELECT status, clock_stopped FROM dossiers WHERE code = $1', [
      handle.workflowId,
    ]);
    expect(dossier).toEqual({ status: 'in_progress', clock_stopped: false });
  });

  it('no action: a reminder, then daily escalations, then an apology with a new date; acting late still works', async () => {
    const handle = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
    });
    const received = await todayOn(bed.env);
    const verification = await openTaskFor(handle, 'verification');
    const due = verification.dueDate;
    const appointment = (await state(handle)).appointmentDate!;
    expect(appointment).toBe(calendar.addWorkingDays(received, 8)); // 5 + 3 without the posting

    // Two working days before the due date, at the start of office hours.
    const reminderDay = calendar.addWorkingDays(received, 3);
    await skipTo(bed.env, reminderDay, 9);
    await eventually(handle, 'task_reminded');
    const reminders = await rows(
      bed.pool,
      `SELECT role, unit_code, kind FROM notifications WHERE dossier_code = $1`,
      [handle.workflowId],
    );
    expect(reminders).toEqual([{ role: 'commune_officer', unit_code: '26491', kind: 'reminder' }]);

    await skipPastEndOf(bed.env, due);
    await eventually(handle, 'task_overdue');
    await skipPastEndOf(bed.env, calendar.addWorkingDays(due, 1));
    const escalations = (await state(handle)).timeline.filter((e) => e.type === 'task_overdue');
    expect(escalations.length).toBeGreaterThanOrEqual(2);
    expect(escalations[0]!.legalDate).toBe(calendar.addCalendarDays(due, 1));
    const notified = await rows(
      bed.pool,
      `SELECT DISTINCT role, kind FROM notifications WHERE dossier_code = $1 AND kind = 'escalation'`,
      [handle.workflowId],
    );
    expect(notified).toEqual([{ role: 'commune_chairman', kind: 'escalation' }]);
    const [task] = await rows(bed.pool, 'SELECT overdue, status FROM tasks WHERE id = $1', [verification.id]);
    expect(task).toEqual({ overdue: true, status: 'open' }); // escalation never decides by itself

    await skipPastEndOf(bed.env, appointment);
    await eventually(handle, 'document_issued');
    const apologised = await state(handle);
    // New date: the 8 working days the route still plans (5 + 3), counted from the day after the appointment.
    const newAppointment = calendar.addWorkingDays(calendar.addCalendarDays(appointment, 1), 8);
    expect(apologised.appointmentDate).toBe(newAppointment);
    const [change] = await rows(
      bed.pool,
      `SELECT old_date, new_date, reason FROM due_date_changes WHERE dossier_code = $1 AND target = 'appointment'`,
      [handle.workflowId],
    );
    expect(change).toMatchObject({ old_date: appointment, new_date: newAppointment });
    expect(change!.reason).toMatch(/^Quá hạn hẹn trả kết quả; xin lỗi và hẹn lại \(mẫu 04/);
    const apology = await rows(
      bed.pool,
      `SELECT html FROM documents WHERE dossier_code = $1 AND kind = 'apology-new-appointment'`,
      [handle.workflowId],
    );
    expect(apology).toHaveLength(1);

    await act(handle, verification, 'approve');
    const [late] = await rows(bed.pool, 'SELECT on_time_status FROM tasks WHERE id = $1', [verification.id]);
    expect(late).toEqual({ on_time_status: 'Quá hạn' });
    const decision = await openTaskFor(handle, 'commune_decision');
    await act(handle, decision, 'approve');
    // Late against the appointment given at intake: the apology's new date does not make it on time.
    expect(await handle.result()).toMatchObject({ status: 'completed', onTimeStatus: 'Quá hạn' });
    const [finished] = await rows(bed.pool, 'SELECT status, on_time_status FROM dossiers WHERE code = $1', [
      handle.workflowId,
    ]);
    expect(finished).toEqual({ status: 'completed', on_time_status: 'Quá hạn' });
    const [slip] = await rows(
      bed.pool,
      `SELECT on_time_status FROM control_slip_entries WHERE dossier_code = $1 AND step_key = 'verification'`,
      [handle.workflowId],
    );
    expect(slip).toEqual({ on_time_status: 'Quá hạn' });
  });

  it('an escalation policy that reassigns moves the task to the supervisor, who must then act', async () => {
    const twoTier = DEFAULT_PROCEDURES.find((d) => d.id === 'monthly-allowance' && d.version === 2)!;
    await publishProcedureVersion(
      bed.pool,
      {
        ...twoTier,
        id: 'monthly-allowance-reassign',
        effectiveFrom: await todayOn(bed.env),
        steps: twoTier.steps.map((step) =>
          step.kind === 'task' && step.key === 'verification'
            ? {
                ...step,
                escalation: {
                  whenOverdue: {
                    notifyRoles: ['commune_chairman' as const],
                    reassignToRole: 'commune_chairman' as const,
                  },
                },
              }
            : step,
        ),
      },
      'admin-test',
    );
    const handle = await startDossier(bed, {
      procedureId: 'monthly-allowance-reassign',
      skipOptionalSteps: ['public_posting'],
    });
    const verification = await openTaskFor(handle, 'verification');
    await skipPastEndOf(bed.env, verification.dueDate);
    await eventually(handle, 'task_overdue');
    const [moved] = await rows(bed.pool, 'SELECT role, unit_code, overdue FROM tasks WHERE id = $1', [
      verification.id,
    ]);
    expect(moved).toEqual({ role: 'commune_chairman', unit_code: '26491', overdue: true });
    expect(await rejectionOf(act(handle, verification, 'approve'))).toBe('WRONG_ROLE');
    await act(handle, { ...verification, role: 'commune_chairman' }, 'approve');
    await openTaskFor(handle, 'commune_decision');
  });
});
