/**
 * Withdrawal by the applicant (rút hồ sơ): the update's validator and handler, and carrying it out — the
 * open tasks and timers end, form 05 (notice that processing stopped) is issued, and the dossier ends
 * 'withdrawn'.
 *
 * The route notices an accepted withdrawal where it waits (legal-clock.ts `waitFor`, which every wait for a
 * person or a timer goes through): the wait throws `WithdrawalRequested`, which unwinds the route to
 * `dossierWorkflow`. So an activity in flight finishes as it would have, and a dossier nobody asks to withdraw
 * issues exactly the commands it always did (its history replays unchanged, no patch needed).
 */
import { ApplicationFailure, condition } from '@temporalio/workflow';
import { hasWords } from '../../domain/text';
import { type DossierWithdrawn, rejection, type UpdateRejectionCode, type WithdrawInput } from './messages';
import { issueDocument, record } from './recording';
import { acceptableTexts, FINISHED_STATUSES, type Run, today } from './state';
import type { DossierResult } from './types';
import { finish } from './workflow';

/** Thrown by a wait once a withdrawal is accepted; caught by dossierWorkflow, which then withdraws. */
export class WithdrawalRequested extends Error {
  constructor() {
    super('withdrawal requested');
    this.name = 'WithdrawalRequested';
  }
}

/** A withdrawal accepted and not yet carried out — and not overtaken by a decision made meanwhile. */
export function withdrawalPending(run: Run): boolean {
  return run.withdrawal !== undefined && run.withdrawn === undefined && run.decision === undefined;
}

export function validateWithdrawal(run: Run, input: WithdrawInput): void {
  if (!acceptableTexts([input.reason, input.actor])) throw rejection('TEXT_INVALID');
  if (!hasWords(input.reason ?? '')) throw rejection('REASON_REQUIRED');
  // Asked again while the first request is under way: the same answer, once.
  if (run.withdrawal) return;
  if (run.decision) throw rejection('DECISION_MADE');
  if (FINISHED_STATUSES.has(run.status)) throw rejection('DOSSIER_FINISHED');
}

export async function onWithdraw(run: Run, input: WithdrawInput): Promise<DossierWithdrawn> {
  run.withdrawal ??= { ...input, requestedOn: today() };
  await condition(
    () => run.withdrawn !== undefined || run.decision !== undefined || FINISHED_STATUSES.has(run.status),
  );
  if (run.withdrawn) return run.withdrawn;
  // Accepted while an officer's approval was already under way: the decision came first.
  throw refusal(run.decision ? 'DECISION_MADE' : 'DOSSIER_FINISHED');
}

/** An update handler's refusal (after its validator accepted): same `CODE: message` text as a rejection. */
export function refusal(code: UpdateRejectionCode): ApplicationFailure {
  return ApplicationFailure.nonRetryable(rejection(code).message, code);
}

/** Carries out the accepted withdrawal; the route has unwound (WithdrawalRequested). */
export async function withdraw(run: Run): Promise<DossierResult> {
  const request = run.withdrawal!;
  // Open tasks end with the dossier (the read model cancels them with dossier_withdrawn); their timers,
  // the posting and a stopped clock go with them. An officer's update still waiting on a task returns.
  for (const task of run.tasks.values()) task.closed = true;
  run.tasks.clear();
  run.postingOpen = false;
  run.clockStopped = false;
  run.complaints.length = 0;
  run.supplements.length = 0;
  const documentId = await issueDocument(run, 'processing_stopped', {
    withdrawal: { by: request.by, requestedOn: request.requestedOn, reason: request.reason },
  });
  await record(
    run,
    {
      type: 'dossier_withdrawn',
      data: { by: request.by, requestedOn: request.requestedOn, ...(documentId ? { documentId } : {}) },
    },
    { reason: request.reason, ...(request.actor ? { actor: request.actor } : {}) },
  );
  run.status = 'withdrawn';
  run.withdrawn = { status: 'withdrawn', withdrawnOn: today(), ...(documentId ? { documentId } : {}) };
  return finish(run, 'withdrawn');
}
