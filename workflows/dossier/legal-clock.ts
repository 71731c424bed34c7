/**
 * The legal clock: waiting while firing task reminders and escalations, the apology when the appointment
 * date passes (form 04), and working-day arithmetic: on the run's calendar snapshot, or through activities in
 * dossiers started before it.
 *
 * The snapshot: a dossier received since the patch below takes the working calendar in force at intake (one
 * local activity) and computes every due date from it inside the workflow — five activities fewer for a
 * funeral-support dossier, each a round trip through Temporal. Since CALENDAR_PER_STEP_PATCH it takes it again
 * when each step starts, so a calendar update (a new official notice) reaches the steps of a dossier under
 * way that start after it; a date already announced (the appointment, an open task's due date) stays as it
 * was given (a continue-as-new carries the snapshot and its version over).
 */
import { condition, patched, workflowInfo } from '@temporalio/workflow';
import {
  addDuration as addOnCalendar,
  createCalendar,
  subtractDuration as subtractOnCalendar,
} from '../../domain/calendar';
import { endOfLegalDay } from '../../domain/legal-time';
import { DEFAULT_ESCALATION_REPEATS, type Duration, type Role } from '../../domain/procedures';
import { levelOfRole, unitAt } from '../../domain/roles';
import { addressees, plannedWorkingDays, workingDaysAfter } from './plan';
import { activities, localActivities } from './proxies';
import { asActivity, flushEvents, guarded, issueDocument, record } from './recording';
import { type OpenTask, type Run, type Timer, today } from './state';
import { withdrawalPending, WithdrawalRequested } from './withdrawal';

export async function shiftDate(run: Run, date: string, workingDays: number): Promise<string> {
  return workingDays > 0 ? addDuration(run, date, { amount: workingDays, unit: 'working_days' }) : date;
}

/**
 * Waits until `ready()` holds, meanwhile firing the clock's timers: task reminders and escalations, the
 * apology when the appointment date passes, and any step timers (posting end). While the clock is stopped
 * (waiting for a supplement) no deadline timer runs.
 */
export async function waitFor(run: Run, waitedFor: () => boolean, stepTimers: Timer[] = []): Promise<void> {
  // An accepted withdrawal ends every wait (withdrawal.ts); without one, the conditions are as they were.
  const ready = () => waitedFor() || withdrawalPending(run);
  await waitUntil(run, ready, stepTimers);
  // Also when what was waited for came at the same time: the withdrawal is carried out before anything else.
  if (withdrawalPending(run)) throw new WithdrawalRequested();
}

async function waitUntil(run: Run, ready: () => boolean, stepTimers: Timer[]): Promise<void> {
  while (!ready()) {
    const timers = [...stepTimers.filter((t) => !run.firedStepTimers.has(t)), ...clockTimers(run)];
    const next = timers.reduce<Timer | undefined>(
      (soonest, t) => (!soonest || t.at < soonest.at ? t : soonest),
      undefined,
    );
    if (!next) {
      await settledUntil(run, () => condition(ready));
      return;
    }
    const wait = next.at - Date.now();
    // The timeout taken after the write settledUntil may wait for, so the timer keeps its time.
    if (wait > 0 && (await settledUntil(run, () => condition(ready, Math.max(1, next.at - Date.now()))))) {
      return;
    }
    if (stepTimers.includes(next)) run.firedStepTimers.add(next);
    await next.fire();
  }
}

async function settledUntil<T>(run: Run, waiting: () => Promise<T>): Promise<T> {
  // Settled means recorded: what this workflow task recorded is written before the wait.
  const writing = flushEvents(run);
  if (writing) await writing;
  run.settled = true;
  try {
    return await waiting();
  } finally {
    run.settled = false;
  }
}

export function clockTimers(run: Run): Timer[] {
  if (run.clockStopped) return [];
  const timers: Timer[] = [];
  for (const task of run.tasks.values()) {
    if (task.completion) continue;
    if (task.reminderAt !== undefined && !task.reminded) {
      timers.push({ at: task.reminderAt, fire: () => remind(run, task) });
    }
    if (task.nextEscalationAt !== undefined) {
      timers.push({ at: task.nextEscalationAt, fire: () => escalate(run, task) });
    }
  }
  if (run.appointmentDate && run.apologyFor !== run.appointmentDate && run.status === 'in_progress') {
    timers.push({ at: endOfLegalDay(run.appointmentDate), fire: () => apologise(run) });
  }
  return timers;
}

export async function remind(run: Run, task: OpenTask): Promise<void> {
  task.reminded = true;
  await record(
    run,
    {
      type: 'task_reminded',
      data: { dueDate: task.dueDate, notify: [{ role: task.role, unitCode: task.unitCode }] },
    },
    { stepKey: task.stepKey, taskId: task.id },
  );
}

/** Overdue: mark it, tell the supervisors, optionally reassign — and keep waiting: never decide by default. */
export async function escalate(run: Run, task: OpenTask): Promise<void> {
  task.escalations += 1;
  task.overdue = true;
  const policy = task.escalation?.whenOverdue;
  let reassignedTo: Role | undefined;
  if (policy?.reassignToRole && task.escalations === 1 && policy.reassignToRole !== task.role) {
    reassignedTo = policy.reassignToRole;
    task.role = reassignedTo;
    task.unitLevel = levelOfRole(reassignedTo);
    task.unitCode = unitAt(task.unitLevel, run.units);
    task.claimedBy = undefined;
  }
  const notify = addressees(policy?.notifyRoles ?? [task.role], run.units);
  await record(
    run,
    {
      type: 'task_overdue',
      data: { dueDate: task.dueDate, escalation: task.escalations, notify, reassignedTo },
    },
    { stepKey: task.stepKey, taskId: task.id },
  );
  // Repeats count from the previous escalation's date, so "every working day" fires at the end of each
  // working day the task stays overdue.
  // Repeats stop at the procedure's cap. Behind a patch: a running dossier past the cap replays as recorded.
  const capped =
    task.escalations > (policy?.maxRepeats ?? DEFAULT_ESCALATION_REPEATS) && patched('escalation-repeat-cap');
  if (policy?.repeatEvery && !capped) {
    task.escalationRef = await addDuration(run, task.escalationRef, policy.repeatEvery);
    task.nextEscalationAt = endOfLegalDay(task.escalationRef);
  } else {
    task.nextEscalationAt = undefined;
  }
}

/**
 * The appointment date passed without a result: form 04 apologises and gives a new date — the working days
 * the route still plans from the current step on, counted from today. Recorded as a due-date change.
 */
export async function apologise(run: Run): Promise<void> {
  const old = run.appointmentDate!;
  const current = run.steps[run.currentIndex];
  const remaining = Math.max(
    1,
    (current ? plannedWorkingDays(current) : 1) + workingDaysAfter(run.steps, run.currentIndex),
  );
  const newDate = await addDuration(run, today(), { amount: remaining, unit: 'working_days' });
  run.apologyFor = newDate;
  run.appointmentDate = newDate;
  const documentId = await issueDocument(run, 'apology', {
    previousAppointmentDate: old,
    newAppointmentDate: newDate,
  });
  await record(
    run,
    { type: 'due_date_changed', data: { target: 'appointment', oldDate: old, newDate } },
    {
      reason: documentId
        ? `Quá hạn hẹn trả kết quả; xin lỗi và hẹn lại (mẫu 04, văn bản ${documentId})`
        : 'Quá hạn hẹn trả kết quả; hẹn lại (phiếu xin lỗi mẫu 04 chưa lập được)',
    },
  );
}

/** Behind a patch: dossiers received before it replay with an activity per date, as recorded. */
export const CALENDAR_SNAPSHOT_PATCH = 'calendar-snapshot';

/**
 * Behind a patch (histories recorded before it replay without): the snapshot is taken again at the start of
 * each step, so a notice published after intake (a new holiday) moves the due dates of the steps that start
 * after it. A due date already given to a task does not move (a legal date once announced stays, unless the
 * clock stops or a late dossier apologises). One small local activity per step: it answers the data only
 * when the calendar's version moved since the run's snapshot.
 */
export const CALENDAR_PER_STEP_PATCH = 'calendar-per-step';

/** At intake: the working calendar in force now becomes the run's (see the top of this file). */
export async function snapshotCalendar(run: Run): Promise<void> {
  if (!patched(CALENDAR_SNAPSHOT_PATCH)) return;
  if (patched(CALENDAR_PER_STEP_PATCH)) return retake(run);
  const data = await guarded(run, 'snapshotCalendar', () =>
    asActivity('snapshotCalendar', () =>
      localActivities.snapshotCalendar({ provinceCode: run.units.provinceCode }),
    ),
  );
  useCalendar(run, data);
}

/**
 * At a step's start: the calendar in force now, for a run that computes its dates on a snapshot (none in
 * dossiers started before the snapshot, which ask the calendar activities for every date anyway). Not again
 * in the workflow task that took it (the first step of a desk dossier starts in intake's task).
 */
export async function retakeCalendar(run: Run): Promise<void> {
  if (!run.calendar || takenInThisTask(run) || !patched(CALENDAR_PER_STEP_PATCH)) return;
  await retake(run);
}

async function retake(run: Run): Promise<void> {
  useTakenCalendar(run, await guarded(run, 'retakeCalendar', () => takeCalendar(run)));
}

type TakenCalendar = Awaited<ReturnType<typeof localActivities.retakeCalendar>>;

/** The retake's local activity, unguarded: the caller guards it (alone, or beside intake's procedure). */
export function takeCalendar(run: Run): Promise<TakenCalendar> {
  const known = run.calendarVersion;
  return asActivity('retakeCalendar', () =>
    localActivities.retakeCalendar({
      provinceCode: run.units.provinceCode,
      ...(known ? { knownVersion: known } : {}),
    }),
  );
}

export function useTakenCalendar(run: Run, taken: TakenCalendar): void {
  run.calendarVersion = taken.version;
  run.calendarTakenAt = Date.now();
  run.calendarTakenInTask = workflowInfo().historyLength;
  if (taken.data) useCalendar(run, taken.data);
}

/**
 * Whether the calendar was taken in the workflow task running now. Workflow time moves with each local
 * activity's answer inside one task, so equal times missed the intake's snapshot and a desk dossier took the
 * calendar twice in its first task; the history's length moves only between tasks. Runs started before
 * Run.writesPerTask keep the comparison of times their histories recorded.
 */
function takenInThisTask(run: Run): boolean {
  if (!run.writesPerTask) return run.calendarTakenAt === Date.now();
  return run.calendarTakenInTask === workflowInfo().historyLength;
}

/** Builds the run's calendar from snapshotted data (at intake, or carried over a continue-as-new). */
export function useCalendar(run: Run, data: Run['calendarData']): void {
  if (!data) return;
  run.calendarData = data;
  run.calendar = createCalendar(data, { province: run.units.provinceCode });
}

export function addDuration(run: Run, from: string, duration: Duration): Promise<string> {
  if (run.calendar) return Promise.resolve(addOnCalendar(run.calendar, from, duration));
  return guarded(run, 'addDuration', () =>
    activities.addDuration({ from, duration, provinceCode: run.units.provinceCode }),
  );
}

export function subtractDuration(run: Run, from: string, duration: Duration): Promise<string> {
  if (run.calendar) return Promise.resolve(subtractOnCalendar(run.calendar, from, duration));
  return guarded(run, 'subtractDuration', () =>
    activities.subtractDuration({ from, duration, provinceCode: run.units.provinceCode }),
  );
}

export function workingDaysBetween(run: Run, from: string, to: string): Promise<number> {
  if (run.calendar) return Promise.resolve(run.calendar.workingDaysBetween(from, to));
  return guarded(run, 'workingDaysBetween', () =>
    activities.workingDaysBetween({ from, to, provinceCode: run.units.provinceCode }),
  );
}
