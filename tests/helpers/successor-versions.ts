/**
 * The seeded two-tier routes end when Decree 147/2025 lapses (effectiveTo 2027-02-28, DECREE_147_LAST_DAY):
 * a dossier received later is refused until an admin publishes a successor. Tests run on clocks past that day
 * (the time-skipping server starts at the real date; scenarios are pinned from 2054), so every test database
 * that receives dossiers gets, from the harnesses (startTestApi, createDossierTestbed), a successor of each
 * seeded version that has an end: the same route, in force from the day after, with no end. It is published
 * as an admin would, so it is version 3 of each seeded procedure and a test's own publications come after.
 * Tests of expiry itself start without it (`successors: false`) or call this helper when their scenario wants.
 */
import type { Pool } from 'pg';
import { publishProcedureVersion } from '../../db/procedures';
import { firstDayAfter } from '../../domain/effective-period';
import { DEFAULT_PROCEDURES, type ProcedureDefinition } from '../../domain/procedures';

/** The seeded versions that end and the successor each gets: the route unchanged, from the day after. */
export function successorsOfEndingSeeds(): ProcedureDefinition[] {
  const latestById = new Map<string, ProcedureDefinition>();
  for (const definition of DEFAULT_PROCEDURES) {
    const current = latestById.get(definition.id);
    if (!current || definition.effectiveFrom > current.effectiveFrom)
      latestById.set(definition.id, definition);
  }
  return [...latestById.values()]
    .filter((definition) => definition.effectiveTo !== undefined)
    .map((definition) => ({
      ...definition,
      effectiveFrom: firstDayAfter(definition)!,
      effectiveTo: undefined,
    }));
}

/** When the helper's successors say they were published (two months before the two-tier seeds end). */
const SUCCESSORS_PUBLISHED_ON = '2026-12-28';

/** Publishes the successors (versions 3 of the seeded procedures); answers them as stored. */
export async function publishSuccessorVersions(pool: Pool): Promise<ProcedureDefinition[]> {
  const published: ProcedureDefinition[] = [];
  for (const successor of successorsOfEndingSeeds()) {
    // Published, for the pages that show it, at a fixed instant rather than the day the test runs.
    const publishedAt = new Date(`${SUCCESSORS_PUBLISHED_ON}T02:00:00Z`);
    published.push(
      (await publishProcedureVersion(pool, successor, 'test-successor', publishedAt)).definition,
    );
  }
  return published;
}

/** The version number the successor of `procedureId` gets (the seeds' highest + 1): what a pinned scenario sees. */
export function successorVersionOf(procedureId: string): number {
  return Math.max(...DEFAULT_PROCEDURES.filter((d) => d.id === procedureId).map((d) => d.version)) + 1;
}
