/**
 * One workflow per dossier (hồ sơ). It snapshots the procedure version in force on the receipt date and
 * interprets its route: intake (online dossiers get a completeness check first), then each step in order —
 * human tasks with legal deadlines, reminders and escalations, public postings during which complaints may be
 * filed — up to the decision and the start of payment. Every change is recorded as an event and written by
 * the `recordEvents` local activity, which keeps the Postgres read model (recording.ts); legal dates come
 * from this workflow's own clock.
 *
 * The run is split by concern into modules over one state object (state.ts): intake, step-routing, posting,
 * tasks, legal-clock, recording, continuation, and handlers (the messages). This file holds the route loop.
 */
import { allHandlersFinished, condition, patched } from '@temporalio/workflow';
import { onTimeStatus } from '../../domain/legal-time';
import { restore } from './continuation';
import { registerHandlers } from './handlers';
import { intake } from './intake';
import { retakeCalendar } from './legal-clock';
import { stepIndex } from './plan';
import { runPosting } from './posting';
import { flushEvents, ONE_WRITE_PER_TASK_PATCH, record } from './recording';
import { newRun, type OpenTask, type Run, today } from './state';
import { runTaskStep } from './step-routing';
import type { DossierInput, DossierResult } from './types';
import { withdraw, WithdrawalRequested } from './withdrawal';

export async function dossierWorkflow(input: DossierInput): Promise<DossierResult> {
  const run = newRun(input, { writesPerTask: patched(ONE_WRITE_PER_TASK_PATCH) });
  registerHandlers(run);
  try {
    return await runRoute(run);
  } catch (error) {
    // The applicant withdrew the dossier while the route waited (withdrawal.ts).
    if (error instanceof WithdrawalRequested) return withdraw(run);
    throw error;
  }
}

async function runRoute(run: Run): Promise<DossierResult> {
  const resume = run.input.resume;
  let index = 0;
  let resumedTask: OpenTask | undefined;
  if (resume) {
    resumedTask = restore(run, resume);
    index = resume.currentIndex;
  } else {
    const endedAtIntake = await intake(run);
    if (endedAtIntake) return endedAtIntake;
  }
  while (index < run.steps.length) {
    const step = run.steps[index]!;
    run.currentIndex = index;
    // A step handed over by the previous run (continue-as-new) goes on with its due dates as they were.
    if (!resumedTask) await retakeCalendar(run);
    const result =
      step.kind === 'task' ? await runTaskStep(run, step, resumedTask) : await runPosting(run, step);
    resumedTask = undefined;
    if (result.kind === 'refused') {
      await record(
        run,
        {
          type: 'dossier_refused',
          // A refusal is a result too: the one-stop statistics class it early, on time or late like any other.
          data: {
            documentId: result.documentId,
            onTimeStatus: onTimeStatus(today(), run.legalDeadline ?? today()),
          },
        },
        { stepKey: step.key, reason: result.reason },
      );
      return finish(run, 'refused');
    }
    if (result.kind === 'return') {
      await record(run, { type: 'returned', data: { toStep: result.target } }, { stepKey: step.key });
      index = stepIndex(run.steps, result.target);
      continue;
    }
    index += 1;
  }
  const status = onTimeStatus(today(), run.legalDeadline ?? today());
  await record(run, { type: 'dossier_completed', data: { onTimeStatus: status } });
  return finish(run, 'completed');
}

export async function finish(run: Run, status: DossierResult['status']): Promise<DossierResult> {
  run.status = status;
  const writing = flushEvents(run);
  if (writing) await writing;
  // Let in-flight update handlers (an officer's claim, say) finish before the workflow closes.
  run.settled = true;
  await condition(allHandlersFinished);
  return {
    code: run.input.code,
    status,
    decisionNumber: run.decision?.numberLabel,
    onTimeStatus: run.legalDeadline ? onTimeStatus(today(), run.legalDeadline) : undefined,
  };
}
