/**
 * The monthly payroll at province scale (issue 14): an embedded Postgres in a temporary folder, the demo units,
 * PAYROLL_BENCH_ENTITLEMENTS monthly entitlements (default 250,000) spread over the demo communes, then for
 * every commune: the list built by the payroll activities a batch at a time (as the workflow calls them, without
 * Temporal's round trips), exported as CSV and XLSX, and the payer's confirmation (every line paid) imported by
 * the use case the API calls. Prints lines per second for build, export and import.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { createPayrollActivities } from '../activities/payroll';
import { actorOf } from '../app/audit';
import type { AuthenticatedUser } from '../app/auth/session';
import type { AppDeps } from '../app/deps';
import { importConfirmation } from '../app/payrolls/confirmation';
import { payrollFile } from '../app/payrolls/export';
import { migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';
import { ensureDatabase, startEmbeddedPostgres } from '../runtime/embedded-postgres';
import { seedDemoData } from '../runtime/seed';
import { freePort } from '../tests/helpers/ports';
import { payerConfirmation } from '../tests/helpers/payroll-files';
import { PAYROLL_BATCH_SIZE } from '../workflows/payroll/workflow';

const ENTITLEMENTS = Number(process.env.PAYROLL_BENCH_ENTITLEMENTS ?? 250_000);
const COMMUNES = ['25993', '26005', '26170', '26173'];
const MONTH = '2054-03';

/** A stream that keeps the bytes it is given (to read the CSV back) or only counts them. */
function sink(keep: boolean): Writable & { text(): string; bytes: number } {
  const chunks: Buffer[] = [];
  let bytes = 0;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (keep) chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return Object.assign(stream, {
    text: () => Buffer.concat(chunks).toString('utf8'),
    get bytes() {
      return bytes;
    },
  });
}

async function finished(stream: Writable): Promise<void> {
  if (stream.writableFinished) return;
  await new Promise<void>((resolve) => stream.once('finish', () => resolve()));
}

const rate = (lines: number, ms: number) => `${Math.round(lines / (ms / 1000)).toLocaleString('en')} lines/s`;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-bench-payroll-'));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
  try {
    const url = await ensureDatabase(pg.url, 'bench');
    await migrateUp(url);
    const pool = createPool(url, { max: 4 });
    await seedDemoData(pool, { password: 'mat-khau-thu-nghiem-2026' });
    const seeded = performance.now();
    const perCommune = Math.ceil(ENTITLEMENTS / COMMUNES.length);
    for (const commune of COMMUNES) {
      await pool.query(
        `INSERT INTO dossiers (code, procedure_id, procedure_version, procedure_title, tier, channel, status,
           commune_code, province_code, applicant_name, applicant_phone, applicant_id_last4, beneficiary_name,
           application, received_at, received_on)
         SELECT $1 || '-540105-' || lpad(n::text, 6, '0'), 'monthly-allowance', 4, 'Trợ cấp xã hội hằng tháng',
                'two-tier', 'walk_in', 'decided', $1, '75', 'Nguyễn Thị Hoa', '0912345678', '0123', 'Nguyễn Thị Hoa',
                '{}', '2054-01-05T02:00:00Z', '2054-01-05'
           FROM generate_series(1, $2) AS n`,
        [commune, perCommune],
      );
      // Mixed start months: a third are first payments carrying January and February as arrears.
      await pool.query(
        `INSERT INTO entitlements (dossier_code, beneficiary_name, kind, monthly_amount, start_month, payer_role,
           commune_code, status, created_at)
         SELECT $1 || '-540105-' || lpad(n::text, 6, '0'), 'Nguyễn Thị Hoa', 'monthly', 750000 + (n % 4) * 250000,
                CASE WHEN n % 3 = 0 THEN '2054-01' ELSE '2054-03' END, 'payment_officer', $1, 'active', now()
           FROM generate_series(1, $2) AS n`,
        [commune, perCommune],
      );
    }
    console.log(
      `seed: ${perCommune * COMMUNES.length} entitlements in ${COMMUNES.length} communes in ` +
        `${((performance.now() - seeded) / 1000).toFixed(1)} s`,
    );

    const activities = createPayrollActivities({ pool });
    const deps = { pool } as unknown as AppDeps;
    const { rows: users } = await pool.query<AuthenticatedUser>(
      `SELECT id, username, role, unit_code AS "unitCode" FROM users WHERE username = 'payment_officer.737'`,
    );
    const officer = actorOf({ ...users[0]!, unitCode: '75' }, '127.0.0.1');
    let built = 0;
    let buildMs = 0;
    let exportCsvMs = 0;
    let exportXlsxMs = 0;
    let importMs = 0;
    for (const communeCode of COMMUNES) {
      let started = performance.now();
      const { payrollId } = await activities.startPayrollBuild({
        communeCode,
        month: MONTH,
        preparedBy: null,
      });
      let afterCode: string | null = null;
      for (;;) {
        const { lastCode } = await activities.buildPayrollBatch({
          payrollId,
          communeCode,
          month: MONTH,
          afterCode,
          limit: PAYROLL_BATCH_SIZE,
        });
        if (lastCode === undefined) break;
        afterCode = lastCode;
      }
      const summary = await activities.finishPayrollBuild({ payrollId });
      buildMs += performance.now() - started;
      built += summary.lineCount;

      started = performance.now();
      const csv = sink(true);
      await (await payrollFile(deps, officer, payrollId, 'csv')).write(csv);
      await finished(csv);
      exportCsvMs += performance.now() - started;
      started = performance.now();
      const xlsx = sink(false);
      await (await payrollFile(deps, officer, payrollId, 'xlsx')).write(xlsx);
      await finished(xlsx);
      exportXlsxMs += performance.now() - started;

      await pool.query(`UPDATE payrolls SET state = 'sent' WHERE id = $1`, [payrollId]);
      const confirmation = payerConfirmation(csv.text(), () => true, '05/03/2054');
      started = performance.now();
      const result = await importConfirmation(deps, officer, payrollId, confirmation);
      importMs += performance.now() - started;
      if (result.linesPaid !== summary.lineCount) throw new Error(`import paid ${result.linesPaid} lines`);
    }
    console.log(`lines: ${built} (first payments carry two months of arrears)`);
    console.log(
      `build:  ${(buildMs / 1000).toFixed(1)} s, ${rate(built, buildMs)} (batches of ${PAYROLL_BATCH_SIZE})`,
    );
    console.log(
      `export: CSV ${(exportCsvMs / 1000).toFixed(1)} s, ${rate(built, exportCsvMs)}; XLSX ${(exportXlsxMs / 1000).toFixed(1)} s, ${rate(built, exportXlsxMs)}`,
    );
    console.log(
      `import: ${(importMs / 1000).toFixed(1)} s, ${rate(built, importMs)} (checked whole, one transaction per file)`,
    );
    await pool.end();
  } finally {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
