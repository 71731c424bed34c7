/**
 * Step routing: a task step's loop (open, wait, close, then approve / refuse / return / supplement request),
 * the decision of the deciding step, and the supplement request (form 02) that stops the legal clock.
 */
import { patched } from '@temporalio/workflow';
import type { OutcomeKind, TaskStep } from '../../domain/procedures';
import { unitAt } from '../../domain/roles';
import { shiftDate, waitFor, workingDaysBetween } from './legal-clock';
import type { CompleteTaskInput } from './messages';
import { CITIZEN_PARTY, partyLabel, stepIndex } from './plan';
import { documentActivities } from './proxies';
import { guardedDocument, issueDocument, nextSeq, record } from './recording';
import { nonRetryableCause, type OpenTask, type Run, type StepResult, today } from './state';
import { awaitCompletion, closeTask, openTask } from './tasks';
import type { DecisionSummary } from './types';

/** `resumed`: the step's open task handed over by the previous run (continue-as-new). */
export async function runTaskStep(run: Run, step: TaskStep, resumed?: OpenTask): Promise<StepResult> {
  let dueDate: string | undefined;
  for (;;) {
    const task =
      resumed ??
      (await openTask(run, {
        kind: 'step',
        stepKey: step.key,
        title: step.title,
        role: step.actor.role,
        deadline: step.deadline,
        escalation: step.escalation,
        outcomeRules: step.outcomes,
        bulkAllowed: step.bulkApproval === true,
        dueDate,
      }));
    resumed = undefined;
    const completion = await awaitCompletion(run, task, true);
    const { outcome } = completion;
    await closeTask(run, task, completion, receiverAfter(run, outcome, completion, step));
    if (outcome === 'approve') {
      if (step.decides && !(await decide(run, task, completion))) {
        // The decision could not be made (see the decision_failed event): the step opens again, with the
        // same due date, for the officer to refuse or return with the reason in hand.
        dueDate = task.dueDate;
        continue;
      }
      return { kind: 'next' };
    }
    if (outcome === 'refuse') {
      const reason = completion.reason ?? '';
      const documentId = await issueDocument(run, 'refusal_letter', { reason }, { stepKey: step.key });
      if (documentId) return { kind: 'refused', reason, documentId };
      // The refusal letter was refused (see document_failed): the step opens again, same due date.
      dueDate = task.dueDate;
      continue;
    }
    if (outcome === 'return') return { kind: 'return', target: returnTarget(run, task, completion)! };
    // Undefined when form 02 was refused (see document_failed): the step opens again, same due date.
    dueDate = (await requestSupplement(run, task, completion, true)) ?? task.dueDate;
  }
}

/** The deciding step approved: the decision (numbered, amounts from domain rules) and the entitlement. */
/** Issues the decision; false when the rules refuse it (recorded), instead of retrying for ever. */
export async function decide(run: Run, task: OpenTask, completion: CompleteTaskInput): Promise<boolean> {
  const seq = nextSeq(run);
  let decision: DecisionSummary;
  try {
    decision = await guardedDocument(run, 'issueDecision', () =>
      documentActivities.issueDecision({
        code: run.input.code,
        seq,
        signedOn: today(),
        receivedOn: run.receivedOn,
        procedure: run.procedure!,
        signer: { role: task.role, name: completion.actor.fullName },
      }),
    );
  } catch (error) {
    const cause = nonRetryableCause(error);
    if (!cause) throw error;
    await record(
      run,
      { type: 'decision_failed', data: { code: cause.type ?? 'DECISION_FAILED' } },
      { stepKey: task.stepKey, reason: cause.message },
      seq,
    );
    return false;
  }
  run.decision = decision;
  await record(
    run,
    { type: 'decision_issued', data: { decision } },
    { stepKey: task.stepKey, actor: completion.actor.userId },
    seq,
  );
  const payment = run.procedure!.payment;
  if (payment) {
    await record(
      run,
      {
        type: 'entitlement_created',
        data: {
          kind: decision.kind,
          monthlyAmount: decision.monthlyAmount,
          oneOffAmount: decision.oneOffAmount,
          startMonth: decision.paymentStartMonth,
          payerRole: payment.payerRole,
        },
      },
      { stepKey: task.stepKey },
    );
  }
  return true;
}

/**
 * Form 02: the legal clock stops until the citizen supplements. The task's due date and the appointment
 * date then move by the working days the clock was stopped; returns the task's new due date, or undefined
 * when form 02 could not be issued (the clock does not stop: the officer acts again).
 */
export async function requestSupplement(
  run: Run,
  task: OpenTask,
  completion: CompleteTaskInput,
  clockRunning: boolean,
): Promise<string | undefined> {
  const stoppedOn = today();
  const documentId = await issueDocument(
    run,
    'completion_request',
    { missingDocuments: completion.missingDocuments ?? [], reason: completion.reason },
    { stepKey: task.stepKey, taskId: task.id },
  );
  if (!documentId) return undefined;
  run.supplementRequests.set(task.stepKey, (run.supplementRequests.get(task.stepKey) ?? 0) + 1);
  run.clockStopped = clockRunning;
  const previousStatus = run.status;
  run.status = 'awaiting_supplement';
  await record(
    run,
    { type: 'clock_stopped', data: { missingDocuments: completion.missingDocuments ?? [], documentId } },
    { stepKey: task.stepKey, taskId: task.id, reason: completion.reason },
  );
  await waitFor(run, () => run.supplements.length > 0);
  const supplement = run.supplements.shift()!;
  const resumedOn = today();
  const paused = await workingDaysBetween(run, stoppedOn, resumedOn);
  run.clockStopped = false;
  run.status = previousStatus;
  await record(
    run,
    { type: 'clock_resumed', data: { pausedWorkingDays: paused, documents: supplement.documents } },
    { stepKey: task.stepKey, actor: CITIZEN_PARTY, reason: supplement.note },
  );
  const reason = `Tạm dừng ${paused} ngày làm việc chờ bổ sung hồ sơ (${stoppedOn} – ${resumedOn})`;
  const newDue = await shiftDate(run, task.dueDate, paused);
  await record(
    run,
    { type: 'due_date_changed', data: { target: 'task', oldDate: task.dueDate, newDate: newDue } },
    { stepKey: task.stepKey, taskId: task.id, reason },
  );
  if (clockRunning && run.appointmentDate) {
    const newAppointment = await shiftDate(run, run.appointmentDate, paused);
    await record(
      run,
      {
        type: 'due_date_changed',
        data: { target: 'appointment', oldDate: run.appointmentDate, newDate: newAppointment },
      },
      { stepKey: task.stepKey, reason },
    );
    // Before any apology the legal deadline is the appointment itself. After one, it needs its own shift —
    // an extra activity call, so behind a patch: dossiers already running replay as they were recorded.
    if (run.legalDeadline === run.appointmentDate) {
      run.legalDeadline = newAppointment;
    } else if (run.legalDeadline && patched('legal-deadline-shift-after-apology')) {
      run.legalDeadline = await shiftDate(run, run.legalDeadline, paused);
    }
    run.appointmentDate = newAppointment;
  }
  return newDue;
}

export function receiverAfter(
  run: Run,
  outcome: OutcomeKind,
  completion: CompleteTaskInput,
  step: TaskStep,
): string {
  if (outcome === 'approve') {
    const next = run.steps[run.currentIndex + 1];
    return next
      ? partyLabel(next.actor.role, unitAt(next.actor.level, run.units), run.procedure)
      : 'Bộ phận Một cửa (trả kết quả)';
  }
  if (outcome === 'return') {
    const target =
      run.steps[stepIndex(run.steps, completion.targetStep ?? defaultReturnTarget(run, step) ?? '')];
    return target
      ? partyLabel(target.actor.role, unitAt(target.actor.level, run.units), run.procedure)
      : CITIZEN_PARTY;
  }
  return outcome === 'refuse' ? 'Bộ phận Một cửa (trả kết quả)' : CITIZEN_PARTY;
}

export function defaultReturnTarget(run: Run, step: TaskStep): string | undefined {
  const rule = step.outcomes.find((candidate) => candidate.kind === 'return');
  return rule?.kind === 'return' ? rule.targetStep : undefined;
}

export function returnTarget(run: Run, task: OpenTask, completion: CompleteTaskInput): string | undefined {
  const rule = task.outcomeRules.find((candidate) => candidate.kind === 'return');
  return completion.targetStep ?? (rule?.kind === 'return' ? rule.targetStep : undefined);
}
