import type { Pool } from 'pg';
import { procedureInForce } from '../../db/procedures';
import type { DossierActivities } from '../../workflows/dossier/activity-types';
import type { DocumentDeps } from '../../documents';
import type { OutboxSettings } from '../../notifications/outbox';
import { createCalendarActivities } from './calendar';
import { createDossierDocumentActivities } from './documents';
import { failFastOnPermanentErrors, reportDossierIncident } from './incidents';
import { recordDossierEvent, recordDossierEvents } from './record-event';

/** The same activities, each failing fast on errors no retry cures (incidents.ts). */
function failingFast<T extends Record<string, (input: never) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = (input: never) => failFastOnPermanentErrors(() => activity(input));
  }
  return wrapped as T;
}

/** The activities of the dossier workflow, bound to Postgres (and Chromium for PDFs, through documents). */
export function createDossierActivities(deps: {
  pool: Pool;
  documents?: Partial<DocumentDeps>;
  outbox?: OutboxSettings;
}): DossierActivities {
  const { pool } = deps;
  return {
    snapshotProcedure: ({ procedureId, receivedOn }) =>
      failFastOnPermanentErrors(() => procedureInForce(pool, procedureId, receivedOn)),
    ...failingFast(createCalendarActivities(pool)),
    recordEvent: (event) => failFastOnPermanentErrors(() => recordDossierEvent(pool, event, deps.outbox)),
    recordEvents: (events) => failFastOnPermanentErrors(() => recordDossierEvents(pool, events, deps.outbox)),
    reportIncident: (input) => reportDossierIncident(pool, input),
    ...createDossierDocumentActivities({ ...deps.documents, pool }),
  };
}
