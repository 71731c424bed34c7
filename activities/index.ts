import type { Pool } from 'pg';
import { createProbeActivities } from './runtime-probe';

export interface ActivityDeps {
  pool: Pool;
}

/** All activities the worker registers, bound to their dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createProbeActivities(deps.pool),
  };
}

export type Activities = ReturnType<typeof createActivities>;
