import type { Pool } from 'pg';
import type { DocumentDeps } from '../documents';
import type { OutboxSettings } from '../notifications/outbox';
import { createDossierActivities } from './dossier';
import { createPayrollActivities } from './payroll';
import { createRetentionActivities } from './retention';
import { createProbeActivities } from './runtime-probe';

export interface ActivityDeps {
  pool: Pool;
  documents?: Partial<DocumentDeps>;
  /** Links in messages (PUBLIC_BASE_URL) and the digest hour; defaults suit a local `npm start`. */
  outbox?: OutboxSettings;
}

/** All activities the worker registers, bound to their dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createProbeActivities(deps.pool),
    ...createDossierActivities(deps),
    ...createPayrollActivities({ pool: deps.pool }),
    ...createRetentionActivities(deps.pool),
  };
}

export type Activities = ReturnType<typeof createActivities>;
