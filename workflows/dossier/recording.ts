/**
 * Recording: every event to the read model (kept and written once per workflow task by recordEvents; one
 * recordEvent per event in runs started before that), the dossier's documents, and the
 * incident a dossier opens when an activity fails in a way retrying cannot cure.
 */
import { RetryState } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  condition,
  patched,
  TemporalFailure,
} from '@temporalio/workflow';
import type { DossierActivities, DossierDocumentKind } from './activity-types';

import {
  activities,
  documentActivities,
  INCIDENT_RETRY_AFTER,
  incidentActivities,
  localActivities,
  localDocumentActivities,
} from './proxies';
import { nonRetryableCause, type Run, TIMELINE_KEPT, today } from './state';
import type { DossierEventBody } from './types';

export function nextSeq(run: Run): number {
  return ++run.seq;
}

export async function record(
  run: Run,
  body: DossierEventBody,
  meta: { actor?: string; stepKey?: string; taskId?: string; reason?: string } = {},
  seq = nextSeq(run),
): Promise<void> {
  const at = new Date().toISOString();
  const event = { ...body, ...meta, code: run.input.code, seq, at, legalDate: today() };
  run.timeline.push({
    seq,
    type: body.type,
    at,
    legalDate: event.legalDate,
    stepKey: meta.stepKey,
    taskId: meta.taskId,
    actor: meta.actor,
    reason: meta.reason,
  });
  run.timeline.sort((a, b) => a.seq - b.seq);
  if (run.timeline.length > TIMELINE_KEPT) run.timeline.splice(0, run.timeline.length - TIMELINE_KEPT);
  const recorded = event as Parameters<DossierActivities['recordEvent']>[0];
  if (run.writesPerTask) {
    run.unwritten.push(recorded);
    return;
  }
  await guarded(run, 'recordEvent', () =>
    patched(LOCAL_RECORD_EVENT_PATCH)
      ? asActivity('recordEvent', () => localActivities.recordEvent(recorded))
      : activities.recordEvent(recorded),
  );
}

/**
 * Behind a patch, asked once at a run's start (Run.writesPerTask; runs started before it write each event,
 * as recorded, to their end): the events are kept in the run and written together, in one local activity and
 * one transaction, when the workflow is about to wait (for a person, a timer, an activity), to hand over or
 * end, or to answer an officer's update — about one write per workflow task instead of one per event
 * (bench/README.md, issue 17). The price: while a write fails (an incident), the updates that recorded
 * something wait behind it, and so does the rest of its batch.
 */
export const ONE_WRITE_PER_TASK_PATCH = 'one-write-per-task';

/**
 * Writes the events recorded so far and not yet written, after any write already under way (the read
 * model applies them in the order recorded). Undefined when there is nothing to write or wait for, so callers add no
 * await — and no change of order between coroutines — where nothing was kept (every run before the patch).
 */
export function flushEvents(run: Run): Promise<void> | undefined {
  if (run.unwritten.length === 0) return run.writing;
  const before = run.writing;
  const writing = (async () => {
    if (before) await before;
    const events = run.unwritten.splice(0);
    if (events.length === 0) return;
    try {
      await guarded(run, 'recordEvents', () =>
        asActivity('recordEvents', () => localActivities.recordEvents(events)),
      );
    } catch (error) {
      // Not an activity's failure (guarded retries those): kept again, ahead of what came after them.
      run.unwritten.unshift(...events);
      throw error;
    }
  })();
  run.writing = writing;
  // Cleared either way; a failed write reaches its callers through the promise they await.
  const done = () => {
    if (run.writing === writing) run.writing = undefined;
  };
  writing.then(done, done);
  return writing;
}

/**
 * A local activity that failed throws its cause bare (an ApplicationFailure, a timeout), where a scheduled
 * one throws an ActivityFailure around it: wrapped alike here, so guarded() opens its incident for both.
 */
export async function asActivity<T>(activityType: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ActivityFailure || error instanceof CancelledFailure) throw error;
    if (!(error instanceof TemporalFailure)) throw error;
    const retryState =
      error instanceof ApplicationFailure && error.nonRetryable
        ? RetryState.NON_RETRYABLE_FAILURE
        : RetryState.MAXIMUM_ATTEMPTS_REACHED;
    throw new ActivityFailure(error.message, activityType, undefined, retryState, undefined, error);
  }
}

/**
 * Events are written by a local activity (proxies.ts): behind a patch, so the events a running dossier
 * recorded as activities replay as they were; its new events are local from the first one after the deploy.
 */
export const LOCAL_RECORD_EVENT_PATCH = 'local-record-event';

/**
 * Issues one of the dossier's papers (`local`: as a local activity, for an HTML-only paper the caller's
 * answer waits on — callers put that behind a patch); undefined when the document rules refuse it. That refusal is the
 * same on every attempt, so it is recorded (document_failed, with the rule's message) and the caller
 * reopens its step: no document error ever fails a dossier.
 */
export async function issueDocument(
  run: Run,
  kind: DossierDocumentKind,
  extra: Record<string, unknown>,
  meta: { stepKey?: string; taskId?: string } = {},
  options: { local?: boolean } = {},
): Promise<string | undefined> {
  const seq = nextSeq(run);
  let issued: { documentId: string; numberLabel?: string };
  const input = {
    code: run.input.code,
    seq,
    kind,
    issuedOn: today(),
    procedure: run.procedure!,
    extra: { receivedOn: run.receivedOn, appointmentDate: run.appointmentDate, ...extra },
  };
  try {
    issued = await guardedDocument(run, 'issueDossierDocument', () =>
      options.local
        ? asActivity('issueDossierDocument', () => localDocumentActivities.issueDossierDocument(input))
        : documentActivities.issueDossierDocument(input),
    );
  } catch (error) {
    const cause = nonRetryableCause(error);
    if (!cause) throw error;
    await record(
      run,
      { type: 'document_failed', data: { kind, code: cause.type ?? 'DOCUMENT_FAILED' } },
      { ...meta, reason: cause.message },
      seq,
    );
    return undefined;
  }
  await record(
    run,
    {
      type: 'document_issued',
      data: { kind, documentId: issued.documentId, numberLabel: issued.numberLabel },
    },
    {},
    seq,
  );
  return issued.documentId;
}

/** Activities that read nothing the dossier writes: no write of its kept events before them. */
const READS_NOTHING_RECORDED = new Set([
  'recordEvents',
  'snapshotProcedure',
  'snapshotCalendar',
  'retakeCalendar',
  'addDuration',
  'subtractDuration',
  'workingDaysBetween',
]);

/**
 * Runs an activity call; when it fails in a way its retry policy gave up on (non-retryable, or out of
 * attempts), the dossier opens an incident — in the read model and in its state, with the error — waits
 * an hour (or for retryIncidentSignal) and calls again; the incident closes when a call succeeds. Only
 * failures happen differently: a call that succeeds issues exactly the commands it always did.
 */
export async function guarded<T>(
  run: Run,
  activity: string,
  call: () => Promise<T>,
  handledByCaller: (cause: ApplicationFailure) => boolean = () => false,
): Promise<T> {
  // What the activity reads or does comes after what the dossier recorded before it (a document reads the
  // application dossier_received put in the read model); the calendar and procedure reads need nothing.
  if (!READS_NOTHING_RECORDED.has(activity)) {
    const writing = flushEvents(run);
    if (writing) await writing;
  }
  let opened = false;
  for (;;) {
    try {
      const result = await call();
      if (opened) {
        run.incident = undefined;
        await incidentActivities.reportIncident({ code: run.input.code, incident: null });
      }
      return result;
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      const cause = nonRetryableCause(error);
      if (cause && handledByCaller(cause)) throw error;
      const failure = error.cause ?? error;
      // The officers see the dossier as far as it got: what it recorded before the failing call is written
      // first (a failing write itself excepted).
      if (activity !== 'recordEvents') {
        const writing = flushEvents(run);
        if (writing) await writing;
      }
      run.incident = {
        // The call that failed: one of the two when intake guards the procedure and calendar as one.
        activity: error.activityType || activity,
        code: (failure instanceof ApplicationFailure && failure.type) || failure.name || 'ACTIVITY_FAILED',
        message: failure.message,
        since: new Date().toISOString(),
      };
      opened = true;
      await incidentActivities.reportIncident({ code: run.input.code, incident: run.incident });
      run.retryRequested = false;
      await condition(() => run.retryRequested, INCIDENT_RETRY_AFTER);
    }
  }
}

/** A document call: the rules' refusals (non-retryable) go back to the caller, which reopens its step. */
export function guardedDocument<T>(run: Run, activity: string, call: () => Promise<T>): Promise<T> {
  return guarded(run, activity, call, () => true);
}

export function firstTime(run: Run, messageId: string): boolean {
  if (run.seenMessageIds.has(messageId)) return false;
  run.seenMessageIds.add(messageId);
  return true;
}
