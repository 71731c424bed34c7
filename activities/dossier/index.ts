import type { Pool } from 'pg';
import { procedureInForce } from '../../db/procedures';
import type { DossierActivities } from '../../workflows/dossier/activity-types';
import type { DocumentDeps } from '../../documents';
import type { OutboxSettings } from '../../notifications/outbox';
import { createCalendarActivities } from './calendar';
import { createDossierDocumentActivities } from './documents';
import { recordDossierEvent } from './record-event';

/** The activities of the dossier workflow, bound to Postgres (and Chromium for PDFs, through documents). */
export function createDossierActivities(deps: {
  pool: Pool;
  documents?: Partial<DocumentDeps>;
  outbox?: OutboxSettings;
}): DossierActivities {
  const { pool } = deps;
  return {
    snapshotProcedure: ({ procedureId, receivedOn }) => procedureInForce(pool, procedureId, receivedOn),
    ...createCalendarActivities(pool),
    recordEvent: (event) => recordDossierEvent(pool, event, deps.outbox),
    ...createDossierDocumentActivities({ ...deps.documents, pool }),
  };
}
