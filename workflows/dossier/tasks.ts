/**
 * Human tasks: opening one (due date, reminder, escalation), waiting for the officer, closing it with the
 * hand-over (form 06), and the update handlers officers reach through the API.
 */
import { condition } from '@temporalio/workflow';
import { endOfLegalDay, legalDateAt, onTimeStatus } from '../../domain/legal-time';
import type { Duration, Escalation, Role, TaskStep } from '../../domain/procedures';
import { levelOfRole, unitAt } from '../../domain/roles';
import { hasWords } from '../../domain/text';
import { continueAsNewDue, handOver } from './continuation';
import { addDuration, subtractDuration, waitFor } from './legal-clock';
import { type CompleteTaskInput, type ReassignTaskInput, rejection, type TaskActionResult } from './messages';
import { partyLabel, stepIndex } from './plan';
import { flushEvents, record } from './recording';
import { acceptableTexts, DEFAULT_SUPPLEMENT_REQUESTS, type OpenTask, type Run, today } from './state';
import { returnTarget } from './step-routing';
import type { TaskKind, TaskView } from './types';

export async function openTask(
  run: Run,
  spec: {
    kind: TaskKind;
    stepKey: string;
    title: string;
    role: Role;
    deadline: Duration;
    escalation?: Escalation;
    outcomeRules: TaskStep['outcomes'];
    bulkAllowed?: boolean;
    /** A due date carried over (after a request for documents) instead of a fresh deadline. */
    dueDate?: string;
  },
): Promise<OpenTask> {
  const openedOn = today();
  const dueDate = spec.dueDate ?? (await addDuration(run, openedOn, spec.deadline));
  let reminderAt: number | undefined;
  if (spec.escalation?.remindBefore) {
    const remindBefore = spec.escalation.remindBefore;
    const reminderDay = await subtractDuration(run, dueDate, remindBefore);
    // A reminder due on or before the opening day would only be noise.
    if (reminderDay > openedOn) reminderAt = legalDateAt(reminderDay, 8);
  }
  const level = levelOfRole(spec.role);
  const task: OpenTask = {
    id: `${run.input.code}.${++run.taskCounter}`,
    kind: spec.kind,
    stepKey: spec.stepKey,
    title: spec.title,
    role: spec.role,
    unitLevel: level,
    unitCode: unitAt(level, run.units),
    outcomes: spec.outcomeRules.map((rule) => rule.kind),
    outcomeRules: spec.outcomeRules,
    bulkAllowed: spec.bulkAllowed ?? false,
    openedOn,
    dueDate,
    overdue: false,
    status: 'open',
    escalation: spec.escalation,
    closed: false,
    reminderAt,
    reminded: false,
    nextEscalationAt: endOfLegalDay(dueDate),
    escalationRef: dueDate,
    escalations: 0,
    claims: 0,
  };
  run.tasks.set(task.id, task);
  // A task reopened after a supplement continues the same step; only a fresh entry is a new step.
  if (spec.kind === 'step' && spec.dueDate === undefined) {
    await record(
      run,
      { type: 'step_entered', data: { title: spec.title, dueDate } },
      { stepKey: spec.stepKey },
    );
  }
  await record(
    run,
    { type: 'task_opened', data: { task: view(run, task) } },
    { stepKey: spec.stepKey, taskId: task.id },
  );
  return task;
}

/**
 * Waits for the officer. `resumable`: a task step's wait, the one place the dossier may continue as new
 * (its history long enough, or the server suggesting it) — the state is handed over and the new run
 * waits for the same task.
 */
export async function awaitCompletion(
  run: Run,
  task: OpenTask,
  resumable = false,
): Promise<CompleteTaskInput> {
  for (;;) {
    await waitFor(run, () => task.completion !== undefined || (resumable && continueAsNewDue(run)));
    if (task.completion) return task.completion;
    // Hand over with every event written (they are not carried) and no update half-way: a write awaited
    // here lets updates in, so the wait is asked again after it.
    const writing = flushEvents(run);
    if (!writing) return handOver(run, task);
    await writing;
  }
}

/** Records the completion and the hand-over (form 06), then lets the officer's update return. */
export async function closeTask(
  run: Run,
  task: OpenTask,
  completion: CompleteTaskInput,
  receiver: string,
): Promise<void> {
  const status = onTimeStatus(today(), task.dueDate);
  task.status = 'done';
  await record(
    run,
    {
      type: 'task_completed',
      data: {
        outcome: completion.outcome,
        onTimeStatus: status,
        dueDate: task.dueDate,
        handover: { sender: partyLabel(task.role, task.unitCode, run.procedure), receiver },
        note: completion.note,
      },
    },
    { stepKey: task.stepKey, taskId: task.id, actor: completion.actor.userId, reason: completion.reason },
  );
  task.closed = true;
  run.completedTaskIds.add(task.id);
  run.tasks.delete(task.id);
}

export function openTaskOrReject(run: Run, taskId: string): OpenTask {
  const task = run.tasks.get(taskId);
  if (!task) {
    const done = run.completedTaskIds.has(taskId);
    throw rejection(done ? 'TASK_ALREADY_DONE' : 'TASK_NOT_FOUND', taskId);
  }
  if (task.completion) throw rejection('TASK_ALREADY_DONE', taskId);
  return task;
}

export function validateCompletion(run: Run, action: CompleteTaskInput): void {
  if (run.withdrawal) throw rejection('DOSSIER_WITHDRAWN');
  const task = openTaskOrReject(run, action.taskId);
  const rule = task.outcomeRules.find((candidate) => candidate.kind === action.outcome);
  if (!rule) throw rejection('OUTCOME_NOT_ALLOWED', `${action.outcome} @ ${task.stepKey}`);
  if (task.role !== action.actor.role) throw rejection('WRONG_ROLE');
  if (task.claimedBy && task.claimedBy !== action.actor.userId) throw rejection('TASK_CLAIMED_BY_OTHER');
  if (!acceptableTexts([action.reason, action.note, action.targetStep, ...(action.missingDocuments ?? [])])) {
    throw rejection('TEXT_INVALID');
  }
  const needsReason =
    rule.requiredFields.includes('reason') || action.outcome === 'refuse' || action.outcome === 'return';
  if (needsReason && !hasWords(action.reason ?? '')) throw rejection('REASON_REQUIRED');
  const needsList =
    rule.requiredFields.includes('missingDocuments') || action.outcome === 'request_documents';
  if (needsList && !(action.missingDocuments ?? []).some(hasWords)) {
    throw rejection('MISSING_DOCUMENTS_REQUIRED');
  }
  if (
    action.outcome === 'request_documents' &&
    (run.supplementRequests.get(task.stepKey) ?? 0) >= supplementRequestsAllowed(run, task.stepKey)
  ) {
    throw rejection('TOO_MANY_SUPPLEMENT_REQUESTS');
  }
  if (action.outcome === 'return') {
    const target = returnTarget(run, task, action);
    const targetIndex = target ? stepIndex(run.steps, target) : -1;
    const currentIndex = stepIndex(run.steps, task.stepKey);
    if (targetIndex < 0 || (task.kind === 'step' && targetIndex >= currentIndex)) {
      throw rejection('INVALID_RETURN_TARGET', target);
    }
    // A signed decision is not made again by walking back through its step (one decision per dossier): a
    // step after it may go forward or end; a change to the decision takes an adjustment dossier.
    const deciding = run.steps.findIndex((step) => step.kind === 'task' && step.decides);
    if (run.decision && targetIndex <= deciding) throw rejection('RETURN_PAST_DECISION', target);
  }
}

function supplementRequestsAllowed(run: Run, stepKey: string): number {
  const step = run.steps.find((candidate) => candidate.key === stepKey);
  return (step?.kind === 'task' ? step.maxSupplementRequests : undefined) ?? DEFAULT_SUPPLEMENT_REQUESTS;
}

export async function onComplete(run: Run, action: CompleteTaskInput): Promise<TaskActionResult> {
  const task = run.tasks.get(action.taskId)!;
  task.completion = action;
  // Return only once the outcome is in the read model; what follows from it (the next task, the posting)
  // is recorded after, and the caller waits for `settled` in the state query for that (app/dossiers/settle.ts).
  await condition(() => task.closed);
  return { taskId: task.id, status: 'done', dossierStatus: run.status };
}

export async function onClaim(run: Run, taskId: string, userId: string): Promise<TaskActionResult> {
  const task = run.tasks.get(taskId)!;
  if (task.claimedBy !== userId) {
    task.claimedBy = userId;
    task.claims += 1;
    await record(run, { type: 'task_claimed', data: {} }, { stepKey: task.stepKey, taskId, actor: userId });
  }
  return { taskId, status: 'claimed', dossierStatus: run.status };
}

export async function onRelease(run: Run, taskId: string, userId: string): Promise<TaskActionResult> {
  const task = run.tasks.get(taskId)!;
  task.claimedBy = undefined;
  await record(run, { type: 'task_released', data: {} }, { stepKey: task.stepKey, taskId, actor: userId });
  return { taskId, status: 'open', dossierStatus: run.status };
}

export async function onReassign(run: Run, action: ReassignTaskInput): Promise<TaskActionResult> {
  const task = run.tasks.get(action.taskId)!;
  const from = task.claimedBy;
  task.claimedBy = action.toUserId;
  await record(
    run,
    { type: 'task_reassigned', data: { from, to: action.toUserId } },
    { stepKey: task.stepKey, taskId: task.id, actor: action.by },
  );
  return { taskId: task.id, status: action.toUserId ? 'claimed' : 'open', dossierStatus: run.status };
}

export function view(run: Run, task: OpenTask): TaskView {
  return {
    id: task.id,
    kind: task.kind,
    stepKey: task.stepKey,
    title: task.title,
    role: task.role,
    unitLevel: task.unitLevel,
    unitCode: task.unitCode,
    outcomes: task.outcomes,
    bulkAllowed: task.bulkAllowed,
    openedOn: task.openedOn,
    dueDate: task.dueDate,
    claimedBy: task.claimedBy,
    overdue: task.overdue,
    status: task.status,
  };
}
