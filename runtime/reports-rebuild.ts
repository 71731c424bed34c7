/**
 * `npm run reports:rebuild [-- --recompute-working-days]`: recomputes the report summaries from the read model
 * (db/report-summaries.ts) in one transaction — after restoring a backup, after fixing a bug in what they
 * count, or with `--recompute-working-days` after a calendar correction that should move past steps' working
 * days too. Reports keep answering from the old summaries until the transaction commits.
 */
import { loadConfig } from './config';
import { migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';
import { inTransaction } from '../db/queryable';
import { lockForRebuild, rebuildReportSummaries } from '../db/report-summaries';
import { startDatabase } from './services';

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  const recomputeWorkingDays = process.argv.includes('--recompute-working-days');
  const database = await startDatabase(loadConfig(), log);
  try {
    // The rebuild below is the heal's, with its options: migrateUp's own would rebuild a province twice.
    await migrateUp(database.url, undefined, undefined, { healSummaries: false });
    // Rebuilding a province takes minutes: no 30-second statement limit as for requests.
    const pool = createPool(database.url, { max: 1, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 });
    try {
      const started = Date.now();
      await inTransaction(pool, async (client) => {
        await lockForRebuild(client);
        await rebuildReportSummaries(client, { recomputeWorkingDays });
      });
      log(`Report summaries rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    } finally {
      await pool.end();
    }
  } finally {
    await database.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
