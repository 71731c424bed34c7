import type { Pool } from 'pg';
import { procedureInForce } from '../../db/procedures';
import type { DossierActivities } from '../../workflows/dossier/activity-types';
import type { DocumentDeps } from '../../documents';
import { createCalendarActivities } from './calendar';
import { createDossierDocumentActivities } from './documents';
import { recordDossierEvent } from './record-event';

/** The activities of the dossier workflow, bound to Postgres (and Chromium for PDFs, through documents). */
export function createDossierActivities(deps: {
  pool: Pool;
  documents?: Partial<DocumentDeps>;
}): DossierActivities {
  const { pool } = deps;
  return {
    snapshotProcedure: ({ procedureId, receivedOn }) => procedureInForce(pool, procedureId, receivedOn),
    ...createCalendarActivities(pool),
    recordEvent: (event) => recordDossierEvent(pool, event),
    ...createDossierDocumentActivities({ ...deps.documents, pool }),
  };
}
