import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { DossierActivities } from './activity-types';

/**
 * The dossier's activities as its workflow calls them: timeouts, heartbeats and retry policies in one place.
 */
// Transient errors (a database restart, a Chromium crash) are retried, backing off to once a minute, for
// about a quarter of an hour; errors no retry cures fail at once (non-retryable, classified by the
// activities). Either way the dossier then opens an incident (recording.ts#guarded) rather than loop unseen.
const RETRY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  maximumAttempts: 20,
} as const;
// The timeouts are how long a dossier waits before retrying when a worker dies mid-activity: database writes
// and date arithmetic take milliseconds; a document may wait for its issuer's register and print a PDF, and
// heartbeats meanwhile (a dead worker is noticed after the heartbeat timeout).
export const activities = proxyActivities<DossierActivities>({
  startToCloseTimeout: '30 seconds',
  retry: RETRY,
});
// Writes and reads of milliseconds whose answer the workflow awaits before its next command: local
// activities, run by the worker inside the workflow task — one marker in the history instead of three events
// and a further workflow task each. The same retry policy; a retry past a minute waits on a timer.
export const localActivities = proxyLocalActivities<
  Pick<
    DossierActivities,
    'snapshotCalendar' | 'retakeCalendar' | 'recordEvent' | 'recordEvents' | 'snapshotProcedure'
  >
>({
  startToCloseTimeout: '30 seconds',
  retry: RETRY,
});
// The receipt (form 01) at acceptance: HTML only (no PDF is printed for it), a number from the register and
// one stored row, idempotent on its key — milliseconds, so it runs inside the workflow task like the writes
// above, and the desk's answer waits for no further round trip (intake.ts).
export const localDocumentActivities = proxyLocalActivities<Pick<DossierActivities, 'issueDossierDocument'>>({
  startToCloseTimeout: '60 seconds',
  retry: RETRY,
});
export const documentActivities = proxyActivities<
  Pick<DossierActivities, 'issueDecision' | 'issueDossierDocument'>
>({
  startToCloseTimeout: '60 seconds',
  heartbeatTimeout: '20 seconds',
  retry: RETRY,
});
// The incident itself must land, however long the database is away.
export const incidentActivities = proxyActivities<Pick<DossierActivities, 'reportIncident'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
/** How long a dossier stuck on an incident waits before trying again (unless told to retry sooner). */
export const INCIDENT_RETRY_AFTER = '1 hour';
