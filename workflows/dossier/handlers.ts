/**
 * The dossier's messages wired to its run: the state query, officers' updates (with their validators),
 * citizens' complaints and supplements, and the incident retry signal.
 */
import { condition, setHandler } from '@temporalio/workflow';
import {
  claimTaskUpdate,
  completeTaskUpdate,
  dossierStateQuery,
  fileComplaintSignal,
  fileComplaintUpdate,
  reassignTaskUpdate,
  rejection,
  releaseTaskUpdate,
  retryIncidentSignal,
  supplementSignal,
  withdrawDossierUpdate,
  type ComplaintInput,
} from './messages';
import { firstTime, flushEvents } from './recording';
import { acceptableTexts, MAX_CLAIMS_PER_TASK, type Run } from './state';
import {
  onClaim,
  onComplete,
  onReassign,
  onRelease,
  openTaskOrReject,
  validateCompletion,
  view,
} from './tasks';
import type { DossierState } from './types';
import { onWithdraw, refusal, validateWithdrawal } from './withdrawal';

/**
 * An officer's update answers once what it recorded is written (recording.ts#flushEvents): the page after
 * it reads the read model. Only in runs that keep their events (Run.writesPerTask): wrapping the others
 * would move their updates' completion in replayed histories.
 */
function answerWhenWritten<I, O>(run: Run, handler: (input: I) => Promise<O>): (input: I) => Promise<O> {
  if (!run.writesPerTask) return handler;
  return async (input) => {
    try {
      return await handler(input);
    } finally {
      // A refusal too (a complaint after a withdrawal): the read model shows what the answer says.
      const writing = flushEvents(run);
      if (writing) await writing;
    }
  };
}

export function registerHandlers(run: Run): void {
  setHandler(dossierStateQuery, () => state(run));
  setHandler(
    completeTaskUpdate,
    answerWhenWritten(run, (action) => onComplete(run, action)),
    {
      validator: (action) => validateCompletion(run, action),
    },
  );
  setHandler(
    claimTaskUpdate,
    answerWhenWritten(run, (action) => onClaim(run, action.taskId, action.actor.userId)),
    {
      validator: ({ taskId, actor }) => {
        const task = openTaskOrReject(run, taskId);
        if (task.role !== actor.role) throw rejection('WRONG_ROLE');
        if (task.claimedBy && task.claimedBy !== actor.userId) throw rejection('TASK_CLAIMED_BY_OTHER');
        if (task.claimedBy !== actor.userId && task.claims >= MAX_CLAIMS_PER_TASK) {
          throw rejection('TOO_MANY_CLAIMS');
        }
      },
    },
  );
  setHandler(
    releaseTaskUpdate,
    answerWhenWritten(run, (action) => onRelease(run, action.taskId, action.actor.userId)),
    {
      validator: ({ taskId, actor }) => {
        const task = openTaskOrReject(run, taskId);
        if (task.claimedBy !== actor.userId) throw rejection('TASK_NOT_CLAIMED');
      },
    },
  );
  // A signal cannot be refused, so text Postgres cannot store is dropped here: recording it would retry
  // for ever and wedge every later complaint (the API refuses such text before it gets this far).
  setHandler(
    reassignTaskUpdate,
    answerWhenWritten(run, (action) => onReassign(run, action)),
    {
      validator: ({ taskId, toUserId, by }) => {
        openTaskOrReject(run, taskId);
        if (!acceptableTexts([toUserId, by])) throw rejection('TEXT_INVALID');
      },
    },
  );
  setHandler(fileComplaintSignal, (complaint) => {
    if (!acceptableTexts([complaint.complainant, complaint.content, complaint.complaintId])) return;
    if (firstTime(run, `complaint:${complaint.complaintId}`) && run.postingOpen)
      run.complaints.push(complaint);
  });
  setHandler(
    fileComplaintUpdate,
    answerWhenWritten(run, async (complaint: ComplaintInput) => {
      const { complaintId } = complaint;
      const known =
        run.recordedComplaints.has(complaintId) || run.complaints.some((c) => c.complaintId === complaintId);
      if (!known) {
        run.seenMessageIds.add(`complaint:${complaintId}`);
        run.complaints.push(complaint);
      }
      // Answer only once it is in the read model: "Đã nhận" must be true. A withdrawal ends the posting
      // before it is: then the complaint is not filed, and the answer says why.
      await condition(() => run.recordedComplaints.has(complaintId) || run.withdrawn !== undefined);
      if (!run.recordedComplaints.has(complaintId)) throw refusal('DOSSIER_WITHDRAWN');
      return { complaintId, status: 'filed' as const };
    }),
    {
      validator: (complaint) => {
        if (!acceptableTexts([complaint.complainant, complaint.content, complaint.complaintId])) {
          throw rejection('TEXT_INVALID');
        }
        if (!run.postingOpen && !run.recordedComplaints.has(complaint.complaintId)) {
          throw rejection('NOT_IN_POSTING');
        }
        if (run.withdrawal && !run.recordedComplaints.has(complaint.complaintId)) {
          throw rejection('DOSSIER_WITHDRAWN');
        }
      },
    },
  );
  setHandler(
    withdrawDossierUpdate,
    answerWhenWritten(run, (input) => onWithdraw(run, input)),
    {
      validator: (input) => validateWithdrawal(run, input),
    },
  );
  setHandler(retryIncidentSignal, () => {
    run.retryRequested = true;
  });
  setHandler(supplementSignal, (supplement) => {
    const texts = [supplement.note, supplement.supplementId];
    for (const document of supplement.documents ?? []) texts.push(document.name, document.kind);
    if (!acceptableTexts(texts)) return;
    // Only an awaited supplement counts; one sent at any other time must not satisfy a later request.
    if (run.status === 'awaiting_supplement' && firstTime(run, `supplement:${supplement.supplementId}`)) {
      run.supplements.push(supplement);
    }
  });
}

/** What the state query answers: the dossier as its workflow sees it (recent timeline only). */
function state(run: Run): DossierState {
  const procedure = run.procedure;
  return {
    code: run.input.code,
    status: run.status,
    procedure: procedure && {
      id: procedure.id,
      version: procedure.version,
      title: procedure.title,
      tier: procedure.tier,
    },
    receivedOn: run.receivedOn,
    acceptedOn: run.acceptedOn,
    appointmentDate: run.appointmentDate,
    currentStepKey: run.steps[run.currentIndex]?.key,
    clockStopped: run.clockStopped,
    settled: run.settled,
    openTasks: [...run.tasks.values()].filter((task) => !task.completion).map((task) => view(run, task)),
    timeline: [...run.timeline],
    timelineLength: run.seq,
    decision: run.decision && { numberLabel: run.decision.numberLabel, signedOn: run.decision.signedOn },
    posting: run.posting && { ...run.posting, open: run.postingOpen },
    incident: run.incident,
  };
}
