/**
 * Public posting (niêm yết): the list stays up for the step's duration; complaints filed meanwhile each
 * become a task for the resolver.
 */
import { endOfLegalDay } from '../../domain/legal-time';
import type { PublicPostingStep } from '../../domain/procedures';
import { addDuration, waitFor } from './legal-clock';
import { record } from './recording';
import { type OpenTask, type Run, type StepResult, type Timer, today } from './state';
import { closeTask, openTask } from './tasks';

/**
 * Public posting: the list stays up for the step's duration; complaints filed meanwhile each become a task
 * for the resolver. The route goes on only when the posting has ended and every complaint is resolved; an
 * upheld complaint (outcome 'return') sends the dossier back to verification.
 */
export async function runPosting(run: Run, step: PublicPostingStep): Promise<StepResult> {
  const endsOn = await addDuration(run, today(), step.duration);
  await record(
    run,
    { type: 'step_entered', data: { title: step.title, dueDate: endsOn } },
    { stepKey: step.key },
  );
  // Open before recording: from the moment the timeline shows the posting, complaints must be taken.
  run.postingOpen = true;
  run.posting = { stepKey: step.key, endsOn };
  await record(run, { type: 'posting_started', data: { endsOn } }, { stepKey: step.key });
  const complaintTasks: OpenTask[] = [];
  let upheld = false;
  const postingTimer: Timer = {
    at: endOfLegalDay(endsOn),
    fire: async () => {
      run.postingOpen = false;
    },
  };
  for (;;) {
    while (run.complaints.length > 0) {
      const complaint = run.complaints.shift()!;
      await record(
        run,
        { type: 'complaint_filed', data: complaint },
        { stepKey: step.key, actor: complaint.complainant },
      );
      run.recordedComplaints.add(complaint.complaintId);
      complaintTasks.push(
        await openTask(run, {
          kind: 'complaint',
          stepKey: step.key,
          title: `Giải quyết khiếu nại trong thời gian niêm yết: ${complaint.content.slice(0, 120)}`,
          role: step.complaints.resolverRole,
          deadline: step.complaints.resolutionDeadline,
          escalation: step.complaints.escalation,
          outcomeRules: [
            { kind: 'approve', requiredFields: ['reason'] },
            {
              kind: 'return',
              requiredFields: ['reason'],
              targetStep: step.complaints.upheldReturnsTo,
              documents: [],
            },
          ],
        }),
      );
    }
    for (const task of complaintTasks.filter((t) => t.completion && !t.closed)) {
      const receiver = task.completion!.outcome === 'return' ? step.complaints.upheldReturnsTo : step.key;
      if (task.completion!.outcome === 'return') upheld = true;
      await closeTask(run, task, task.completion!, receiver);
    }
    const unresolved = complaintTasks.some((task) => !task.closed);
    if (!run.postingOpen && !unresolved && run.complaints.length === 0) break;
    await waitFor(
      run,
      () =>
        run.complaints.length > 0 ||
        complaintTasks.some((task) => task.completion !== undefined && !task.closed) ||
        (!run.postingOpen && !complaintTasks.some((task) => !task.closed)),
      run.postingOpen ? [postingTimer] : [],
    );
  }
  await record(run, { type: 'posting_ended', data: {} }, { stepKey: step.key });
  return upheld ? { kind: 'return', target: step.complaints.upheldReturnsTo } : { kind: 'next' };
}
