/**
 * The report summaries as comparable data (db/report-summaries.ts): tests take one after a story recorded event
 * by event, rebuild the summaries from the read model, and expect the same.
 */
import type { Pool } from 'pg';
import { inTransaction } from '../../db/queryable';
import { rebuildReportSummaries } from '../../db/report-summaries';

const SUMMARIES = {
  report_dossier_counts: [
    'received',
    'finished',
    'not_accepted',
    'completed',
    'refused',
    'early',
    'on_time',
    'late',
    'unclassified',
  ],
  report_step_durations: ['done', 'early', 'on_time', 'late'],
  report_entitlement_counts: [
    'started',
    'started_amount',
    'stopped',
    'stopped_amount',
    'moved_in',
    'moved_out',
  ],
  report_one_off_aid: ['decisions', 'one_off_amount', 'rice_kg'],
  report_people_counts: ['starts', 'ends'],
  report_people_gaps: ['people'],
} as const;

/** Every summary row that holds something (a row taken back to zeros is the same as no row), in a fixed order. */
export async function summariesSnapshot(pool: Pool): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const [table, counters] of Object.entries(SUMMARIES)) {
    const { rows } = await pool.query(
      `SELECT * FROM ${table} WHERE ${counters.map((c) => `${c} <> 0`).join(' OR ')}`,
    );
    result[table] = rows
      .map((row) => JSON.stringify({ ...row, ...(row.rice_kg ? { rice_kg: Number(row.rice_kg) } : {}) }))
      .sort();
  }
  result.intervals = (
    await pool.query(`SELECT * FROM report_assistance_intervals ORDER BY dossier_code`)
  ).rows;
  result.moves = (
    await pool.query(`SELECT * FROM report_people_moves ORDER BY dossier_code, procedure_id NULLS FIRST`)
  ).rows;
  result.tasks = (
    await pool.query(
      `SELECT id, paused_working_days, elapsed_working_days, working_days FROM tasks ORDER BY id`,
    )
  ).rows;
  return result;
}

/** The summaries as kept, and as a rebuild from the read model makes them (which then stays in place). */
export async function summariesKeptAndRebuilt(
  pool: Pool,
): Promise<{ kept: Record<string, unknown[]>; rebuilt: Record<string, unknown[]> }> {
  const kept = await summariesSnapshot(pool);
  await inTransaction(pool, (client) => rebuildReportSummaries(client));
  return { kept, rebuilt: await summariesSnapshot(pool) };
}
