/**
 * Report queries at province scale: an embedded Postgres in a temporary folder, the synthetic province of
 * runtime/seed-scale.ts (REPORT_BENCH_DOSSIERS dossiers, default 1,000,000), then every report built by the
 * same use case the API calls, as the province's admin over the last year (all procedures, and one), over
 * five years, and as one commune's officer over the last year. Prints the seed time and each report's p50/p95
 * over REPORT_BENCH_RUNS runs (default 20), with the load average before and after (the machine is shared).
 * The target is p95 < 100 ms; the figures say where it is met.
 *
 * REPORT_BENCH_DATA_DIR=/some/dir keeps the seeded cluster there and reuses it on the next run (seeding a
 * million dossiers takes many minutes): a marker file records what was seeded; a run with another
 * REPORT_BENCH_DOSSIERS reseeds. On reuse the migrations still run (a new one applies to the kept data; one that
 * empties the summaries has them rebuilt by migrateUp, and the time is printed), and REPORT_BENCH_REBUILD=1
 * rebuilds the report summaries from the kept read model (after the summaries' code changed).
 * REPORT_BENCH_RUNS=0 only seeds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AuthenticatedUser } from '../app/auth/session';
import type { AppDeps } from '../app/deps';
import { buildReport, REPORT_NAMES } from '../app/reports';
import { migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';
import { ensureDatabase, startEmbeddedPostgres } from '../runtime/embedded-postgres';
import { rebuildReportSummaries } from '../db/report-summaries';
import { SCALE_PROVINCE, SEED_POOL, seedScaleProvince } from '../runtime/seed-scale';
import { freePort } from '../tests/helpers/ports';

const DOSSIERS = Number(process.env.REPORT_BENCH_DOSSIERS ?? 1_000_000);
const RUNS = Number(process.env.REPORT_BENCH_RUNS ?? 20);
const END = '2054-06-30';
const DATA_DIR = process.env.REPORT_BENCH_DATA_DIR;

/** What a kept cluster holds: reused only when the same province was seeded to the end. */
interface SeedMarker {
  dossiers: number;
  endDate: string;
  seedSeconds: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

async function main(): Promise<void> {
  const dir = DATA_DIR
    ? path.resolve(DATA_DIR)
    : fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-bench-reports-'));
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  const markerFile = path.join(dir, 'seeded.json');
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
  try {
    const url = await ensureDatabase(pg.url, 'bench');
    const marker = readMarker(markerFile);
    const reuse = marker?.dossiers === DOSSIERS && marker.endDate === END;
    if (DATA_DIR && !reuse && marker) {
      // Another size was kept here: start from an empty database rather than mixing two provinces.
      await dropDatabase(pg.url, 'bench');
      await ensureDatabase(pg.url, 'bench');
      fs.rmSync(markerFile);
    }
    // Reused data migrates too; a migration that empties the summaries has them rebuilt here (db/migrate.ts).
    await migrateUp(url, (line) => {
      if (line.startsWith('Report summaries')) console.log(line);
    });
    const seedPool = createPool(url, SEED_POOL);
    if (reuse) {
      console.log(
        `seed: reusing ${marker.dossiers} dossiers kept in ${dir} (seeded in ${marker.seedSeconds.toFixed(1)} s)`,
      );
      if (process.env.REPORT_BENCH_REBUILD === '1') {
        const started = performance.now();
        const client = await seedPool.connect();
        try {
          await client.query('BEGIN');
          await rebuildReportSummaries(client);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        await seedPool.query('ANALYZE');
        console.log(`report summaries rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
    } else {
      const seedStarted = performance.now();
      await seedScaleProvince(seedPool, {
        dossiers: DOSSIERS,
        endDate: END,
        log: (line) => console.log(`  ${line}`),
      });
      const seedSeconds = (performance.now() - seedStarted) / 1000;
      console.log(`seed: ${DOSSIERS} dossiers in ${seedSeconds.toFixed(1)} s`);
      if (DATA_DIR) {
        const written: SeedMarker = { dossiers: DOSSIERS, endDate: END, seedSeconds };
        fs.writeFileSync(markerFile, `${JSON.stringify(written)}\n`);
      }
    }
    await seedPool.end();
    // The requests' own pool settings (30 s statement limit): a report slower than that fails here as it would
    // for a person.
    const pool = createPool(url, { max: 4 });
    // The machine is shared: the figures below mean little without the load they were measured under.
    console.log(
      `load average (1, 5, 15 min): ${os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(', ')}`,
    );
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM entitlements WHERE ended_on IS NULL`,
    );
    console.log(`active monthly entitlements at ${END}: ${rows[0]!.n}`);

    const deps = { pool, now: () => new Date(`${END}T03:00:00Z`) } as unknown as AppDeps;
    const user = (role: string, unitCode: string) =>
      ({ id: 'bench', username: 'bench', role, unitCode }) as unknown as AuthenticatedUser;
    const scenarios = [
      {
        who: 'province admin, last year',
        user: user('admin', SCALE_PROVINCE),
        query: { from: '2053-07-01', to: END },
      },
      {
        who: 'province admin, 5 years',
        user: user('admin', SCALE_PROVINCE),
        query: { from: '2049-07-01', to: END },
      },
      {
        who: 'province, 1 year, 1 procedure',
        user: user('admin', SCALE_PROVINCE),
        query: { from: '2053-07-01', to: END, procedureId: 'monthly-allowance' },
      },
      {
        who: 'commune officer, last year',
        user: user('commune_officer', '90007'),
        query: { from: '2053-07-01', to: END },
      },
    ];
    console.log('report'.padEnd(16), 'scenario'.padEnd(28), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8));
    // REPORT_BENCH_RUNS=0: seed (or check the kept seed) only.
    for (const scenario of RUNS > 0 ? scenarios : []) {
      for (const name of REPORT_NAMES) {
        const times: number[] = [];
        let failure: string | undefined;
        for (let run = 0; run < RUNS && !failure; run++) {
          const started = performance.now();
          try {
            await buildReport(deps, scenario.user, name, { ...scenario.query, format: 'json' });
          } catch (error) {
            failure = error instanceof Error ? error.message : String(error);
          }
          times.push(performance.now() - started);
        }
        if (failure) {
          console.log(
            name.padEnd(16),
            scenario.who.padEnd(28),
            `failed after ${times.at(-1)!.toFixed(0)} ms: ${failure}`,
          );
          continue;
        }
        times.sort((a, b) => a - b);
        console.log(
          name.padEnd(16),
          scenario.who.padEnd(28),
          percentile(times, 0.5).toFixed(0).padStart(8),
          percentile(times, 0.95).toFixed(0).padStart(8),
        );
      }
    }
    console.log(
      `load average after: ${os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(', ')}`,
    );
    await pool.end();
  } finally {
    await pg.stop();
    if (!DATA_DIR) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readMarker(file: string): SeedMarker | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SeedMarker;
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
