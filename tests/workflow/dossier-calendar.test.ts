import { addCalendarEntry } from '../../db/calendar';
import {
  act,
  createDossierTestbed,
  nationalCalendar as calendar,
  openTaskFor,
  startDossier,
  state,
  todayOn,
  UNITS,
} from '../helpers/dossier';

/**
 * The working calendar a dossier computes its due dates on is taken at intake and again when each step
 * starts (workflows/dossier/legal-clock.ts): a notice published while the dossier is under way moves the due
 * dates of the steps that start after it, never a date already given.
 */
describe('the calendar taken again at each step', () => {
  let bed: Awaited<ReturnType<typeof createDossierTestbed>>;
  beforeAll(async () => {
    bed = await createDossierTestbed();
  });
  afterAll(() => bed?.teardown());

  it('a day off declared after intake moves the next step’s due date, not the open task’s nor the appointment', async () => {
    const handle = await startDossier(bed, {
      procedureId: 'monthly-allowance',
      skipOptionalSteps: ['public_posting'],
    });
    const received = await todayOn(bed.env);
    const verification = await openTaskFor(handle, 'verification');
    expect(verification.dueDate).toBe(calendar.addWorkingDays(received, 5));
    const appointment = (await state(handle)).appointmentDate;
    expect(appointment).toBe(calendar.addWorkingDays(received, 8));

    // The province declares the second working day from now a day off (e.g. a compensating day).
    const dayOff = calendar.addWorkingDays(received, 2);
    const added = await addCalendarEntry(
      bed.pool,
      {
        kind: 'override',
        payload: {
          province: UNITS.provinceCode,
          date: dayOff,
          status: 'off',
          reason: 'Nghỉ bù theo thông báo của Ủy ban nhân dân tỉnh',
        },
      },
      'admin.tinh',
    );
    expect(added.ok).toBe(true);

    await act(handle, verification, 'approve');
    const decision = await openTaskFor(handle, 'commune_decision');
    // 3 working days from today on the new calendar: the day off is skipped, so one day later than before.
    expect(decision.dueDate).not.toBe(calendar.addWorkingDays(received, 3));
    expect(decision.dueDate).toBe(calendar.addWorkingDays(received, 4));
    const after = await state(handle);
    // Dates already announced stay: the appointment on the receipt, the verification's due date.
    expect(after.appointmentDate).toBe(appointment);
    expect(after.timeline.some((entry) => entry.type === 'due_date_changed')).toBe(false);
  });
});
