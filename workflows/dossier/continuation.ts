/**
 * Continue-as-new: a long-running dossier hands its state to a fresh run at a task step's wait, so its
 * history stays bounded; the new run resumes waiting for the same task.
 */
import { allHandlersFinished, continueAsNew, patched, workflowInfo } from '@temporalio/workflow';
import { stepsInRoute } from '../../domain/procedures';
import { useCalendar } from './legal-clock';
import type { OpenTask, Run } from './state';
import type { CarriedState } from './types';
import { type dossierWorkflow } from './workflow';

/** Whether to hand over now: the history is long, and no officer's update is half-way through. */
export function continueAsNewDue(run: Run): boolean {
  const info = workflowInfo();
  const long =
    info.continueAsNewSuggested ||
    (run.input.historyLimit !== undefined && info.historyLength >= run.input.historyLimit);
  // Behind a patch: a dossier whose recorded history went on without handing over replays as it was.
  return long && allHandlersFinished() && patched('continue-as-new');
}

export async function handOver(run: Run, task: OpenTask): Promise<never> {
  const { completion: _completion, closed: _closed, ...carriedTask } = task;
  const carried: CarriedState = {
    seq: run.seq,
    taskCounter: run.taskCounter,
    status: run.status,
    procedure: run.procedure!,
    ...(run.calendarData ? { calendarData: run.calendarData } : {}),
    ...(run.calendarVersion ? { calendarVersion: run.calendarVersion } : {}),
    currentIndex: run.currentIndex,
    receivedOn: run.receivedOn,
    acceptedOn: run.acceptedOn,
    appointmentDate: run.appointmentDate,
    legalDeadline: run.legalDeadline,
    apologyFor: run.apologyFor,
    decision: run.decision,
    task: carriedTask,
    timeline: [...run.timeline],
    completedTaskIds: [...run.completedTaskIds],
    seenMessageIds: [...run.seenMessageIds],
    recordedComplaints: [...run.recordedComplaints],
    supplementRequests: [...run.supplementRequests],
  };
  return continueAsNew<typeof dossierWorkflow>({ ...run.input, resume: carried });
}

/** Takes over the previous run's state; answers the open task the new run waits for. */
export function restore(run: Run, carried: CarriedState): OpenTask {
  run.seq = carried.seq;
  run.taskCounter = carried.taskCounter;
  run.status = carried.status;
  run.procedure = carried.procedure;
  run.steps = stepsInRoute(carried.procedure, run.input.skipOptionalSteps ?? []);
  useCalendar(run, carried.calendarData);
  run.calendarVersion = carried.calendarVersion;
  run.currentIndex = carried.currentIndex;
  run.receivedOn = carried.receivedOn;
  run.acceptedOn = carried.acceptedOn;
  run.appointmentDate = carried.appointmentDate;
  run.legalDeadline = carried.legalDeadline;
  run.apologyFor = carried.apologyFor;
  run.decision = carried.decision;
  run.timeline.push(...carried.timeline);
  for (const id of carried.completedTaskIds) run.completedTaskIds.add(id);
  for (const id of carried.seenMessageIds) run.seenMessageIds.add(id);
  for (const id of carried.recordedComplaints) run.recordedComplaints.add(id);
  for (const [stepKey, count] of carried.supplementRequests) run.supplementRequests.set(stepKey, count);
  const task: OpenTask = { ...carried.task, closed: false };
  run.tasks.set(task.id, task);
  return task;
}
