import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../runtime/embedded-postgres';
import { prepareTemporalTools } from '../../runtime/temporal/tools';
import { legalDateOf } from '../../domain/legal-time';
import { pinnedDatesExpired } from './pinned-dates';
import { freePort } from './ports';

/**
 * Starts one real Postgres server for the whole jest run (unless TEST_DATABASE_URL points at one).
 * Each test file then creates its own database on it (tests/helpers/db.ts), so files run in parallel
 * without seeing each other's rows. Also makes sure the Temporal servers are in the tool cache.
 */
export default async function globalSetup(): Promise<void> {
  // Stop at once, with the reason, rather than fail dozens of tests with wrong dates.
  const expired = pinnedDatesExpired(legalDateOf(Date.now()));
  if (expired) throw new Error(expired);
  // Build or fetch the Temporal servers once here (minutes on a brand-new machine, instant afterwards),
  // so test files only ever look them up in the cache.
  await prepareTemporalTools(() => {});
  if (process.env.TEST_DATABASE_URL) return;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-test-pg-'));
  fs.chmodSync(root, 0o755);
  const handle = await startEmbeddedPostgres({ dataDir: path.join(root, 'pg'), port: await freePort() });
  process.env.TEST_DATABASE_URL = handle.url;
  (globalThis as Record<string, unknown>).__TGXH_PG__ = { handle, root };
}
