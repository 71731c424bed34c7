/**
 * `npm run seed:scale -- --dossiers 1000000`: fills the database with a synthetic province at scale for the
 * report benchmark (bench/reports.bench.ts): 100 communes (half under 10 districts, the three-tier history),
 * dossiers received over the 5 years up to `--end` (default today) across three procedures, two step tasks
 * each, documents asked for (clock stops) on one in ten, decisions, and monthly entitlements of which
 * roughly 150,000 per million dossiers are still active. SYNTHETIC DATA: province 90 and its units are made up.
 *
 * The rows are written set-based in SQL, not through the workflow's projection (a million dossiers event by
 * event would take hours); they have the shape the projection writes. The dates and statuses follow simple
 * arithmetic on the row number, so a run is reproducible. Early / on time / late here is how the generator
 * decides the story it writes (it plays the workflow's part), not a second rule the reports use. The report
 * summaries are then rebuilt from those rows (db/report-summaries.ts#rebuildReportSummaries), in the same
 * transaction.
 */
import type { Pool } from 'pg';
import { loadConfig } from './config';
import { migrateUp } from '../db/migrate';
import { loadWorkingCalendar } from '../db/calendar';
import { createPool } from '../db/pool';
import { toDayNumber, toIsoDate } from '../domain/calendar/day-number';
import { rebuildReportSummaries } from '../db/report-summaries';
import { startDatabase } from './services';

export interface ScaleSeedOptions {
  dossiers: number;
  /** Last day dossiers are received (legal date). */
  endDate: string;
  communes?: number;
  /** Told how long the read model's rows and the report summaries' rebuild each took. */
  log?: (line: string) => void;
}

export const SCALE_PROVINCE = '90';

/** Each statement of the seed writes up to millions of rows: no 30-second limit as for requests. */
export const SEED_POOL = { max: 2, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 };

export async function seedScaleProvince(pool: Pool, options: ScaleSeedOptions): Promise<void> {
  const communes = options.communes ?? 100;
  const started = Date.now();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO administrative_units (code, name, level, parent_code, place_name)
       VALUES ('90', 'Tỉnh Quy Mô (dữ liệu tổng hợp)', 'province', NULL, 'Quy Mô')
       ON CONFLICT (code) DO NOTHING`,
    );
    await client.query(
      `INSERT INTO administrative_units (code, name, level, parent_code, place_name)
       SELECT '9' || lpad(d::text, 2, '0'), 'Huyện ' || d, 'district', '90', 'Huyện ' || d
         FROM generate_series(0, 9) AS d
       ON CONFLICT (code) DO NOTHING`,
    );
    // Communes 90001…: the first half under the ten districts in turn, the rest straight under the province.
    await client.query(
      `INSERT INTO administrative_units (code, name, level, parent_code, place_name)
       SELECT '9' || lpad(c::text, 4, '0'), 'Xã ' || c, 'commune',
              CASE WHEN c <= $1 / 2 THEN '9' || lpad(((c - 1) % 10)::text, 2, '0') ELSE '90' END, 'Xã ' || c
         FROM generate_series(1, $1) AS c
       ON CONFLICT (code) DO NOTHING`,
      [communes],
    );
    // One row per dossier: where, when, which procedure, how it ended. i drives everything.
    await client.query(
      `CREATE TEMP TABLE scale_plan ON COMMIT DROP AS
      SELECT i,
             -- The shape of a real code (<unit>-<YYMMDD>-<number>), so tracking answers for these dossiers too.
             'S' || lpad(i::text, 9, '0') || '-' || to_char($3::date - ((i * 104729) % (5 * 365))::int, 'YYMMDD')
               || '-0001' AS code,
             (1 + (i * 7919) % $2)::int AS commune_no,
             ($3::date - ((i * 104729) % (5 * 365))::int) AS received_on,
             CASE WHEN i % 100 < 80 THEN 'monthly-allowance' WHEN i % 100 < 92 THEN 'emergency-food'
                  ELSE 'funeral-support' END AS procedure_id,
             ((i * 31) % 100)::int AS fate,
             ((i * 17) % 13)::int AS step1_days,
             ((i * 13) % 7)::int AS step2_days,
             (CASE WHEN i % 10 = 3 THEN 3 + i % 5 ELSE 0 END)::int AS paused
        FROM generate_series(1, $1::bigint) AS i`,
      [options.dossiers, communes, options.endDate],
    );
    await client.query(
      `CREATE TEMP TABLE scale_dossiers ON COMMIT DROP AS
      SELECT p.*, '9' || lpad(p.commune_no::text, 4, '0') AS commune_code,
             CASE WHEN p.commune_no <= $1 / 2 AND p.received_on < $2::date - 2 * 365
                  THEN '9' || lpad(((p.commune_no - 1) % 10)::text, 2, '0') END AS district_code,
             p.received_on + 14 + p.paused AS appointment,
             p.received_on + p.step1_days + p.paused AS step1_done,
             p.received_on + p.step1_days + p.paused + p.step2_days AS step2_done
        FROM scale_plan p`,
      [communes, options.endDate],
    );
    // Recent dossiers are still open; 3% were refused at intake, 7% refused, the rest completed.
    await client.query(
      `INSERT INTO dossiers (code, procedure_id, procedure_version, procedure_title, tier, channel, status,
         current_step_key, current_step_title, current_due_date, appointment_date, on_time_status, clock_stopped,
         commune_code, district_code, province_code, applicant_name, applicant_phone, beneficiary_name,
         application, received_at, received_on, accepted_on, finished_on, result, last_seq)
       SELECT code, procedure_id, 1, procedure_id,
              CASE WHEN district_code IS NULL THEN 'two-tier' ELSE 'three-tier' END, 'walk_in',
              CASE WHEN step2_done > $1 THEN 'in_progress' WHEN fate < 3 THEN 'intake_refused'
                   WHEN fate < 10 THEN 'refused' ELSE 'completed' END,
              CASE WHEN step2_done > $1 THEN CASE WHEN step1_done > $1 THEN 'verification' ELSE 'decision' END END,
              CASE WHEN step2_done > $1 THEN 'Bước' END,
              CASE WHEN step2_done > $1 THEN received_on + 7 END,
              appointment,
              CASE WHEN step2_done > $1 OR fate < 3 THEN NULL WHEN step2_done < appointment THEN 'Trước hạn'
                   WHEN step2_done = appointment THEN 'Đúng hạn' ELSE 'Quá hạn' END,
              false, commune_code, district_code, '90', 'Người Nộp ' || i, '0900000000', 'Người Hưởng ' || i,
              jsonb_build_object('beneficiary', jsonb_build_object('idNumber', lpad(i::text, 12, '0'))),
              received_on::timestamptz, received_on, received_on,
              CASE WHEN step2_done > $1 THEN NULL WHEN fate < 3 THEN received_on + 1 ELSE step2_done END,
              CASE WHEN step2_done > $1 THEN NULL ELSE 'Đã giải quyết' END, 2
         FROM scale_dossiers`,
      [options.endDate],
    );
    // What the projection stores when a step completes (db/report-summaries.ts): its working days on the
    // province's calendar, and the clock stop credited to it. Working days in (a, b] = ord(b) − ord(a), with
    // ord(d) the working days up to d, so one table of ordinals serves every step.
    const { rows: span } = await client.query(
      `SELECT min(received_on)::text AS first, max(step2_done)::text AS last FROM scale_dossiers`,
    );
    const calendar = await loadWorkingCalendar(client, { province: SCALE_PROVINCE });
    const days: string[] = [];
    const ordinals: number[] = [];
    let ordinal = 0;
    for (let day = toDayNumber(span[0].first); day <= toDayNumber(span[0].last); day++) {
      const date = toIsoDate(day);
      if (calendar.isWorkingDay(date)) ordinal += 1;
      days.push(date);
      ordinals.push(ordinal);
    }
    await client.query(
      `CREATE TEMP TABLE scale_working_days ON COMMIT DROP AS
       SELECT * FROM unnest($1::date[], $2::int[]) AS w(day, ord)`,
      [days, ordinals],
    );
    await client.query(`ALTER TABLE scale_working_days ADD PRIMARY KEY (day)`);
    await client.query(
      `INSERT INTO tasks (id, dossier_code, kind, step_key, title, role, unit_level, unit_code, status, outcomes,
         opened_on, due_date, completed_on, completed_at, on_time_status, created_at, paused_working_days,
         elapsed_working_days)
       SELECT code || '-1', code, 'step', 'verification', 'Xét duyệt hồ sơ', 'commune_officer', 'commune',
              commune_code, CASE WHEN step1_done > $1 THEN 'open' ELSE 'done' END, '{approve,refuse}'::text[],
              received_on, received_on + 7 + paused,
              CASE WHEN step1_done <= $1 THEN step1_done END, CASE WHEN step1_done <= $1 THEN step1_done::timestamptz END,
              CASE WHEN step1_done > $1 THEN NULL WHEN step1_done < received_on + 7 + paused THEN 'Trước hạn'
                   WHEN step1_done = received_on + 7 + paused THEN 'Đúng hạn' ELSE 'Quá hạn' END,
              received_on::timestamptz, paused,
              CASE WHEN step1_done <= $1 THEN done.ord - opened.ord END
         FROM scale_dossiers
         JOIN scale_working_days opened ON opened.day = received_on
         JOIN scale_working_days done ON done.day = step1_done
        WHERE fate >= 3
       UNION ALL
       SELECT code || '-2', code, 'step', 'decision', 'Quyết định', 'commune_chairman', 'commune',
              commune_code, CASE WHEN step2_done > $1 THEN 'open' ELSE 'done' END, '{approve,refuse}'::text[],
              step1_done, step1_done + 3,
              CASE WHEN step2_done <= $1 THEN step2_done END, CASE WHEN step2_done <= $1 THEN step2_done::timestamptz END,
              CASE WHEN step2_done > $1 THEN NULL WHEN step2_done < step1_done + 3 THEN 'Trước hạn'
                   WHEN step2_done = step1_done + 3 THEN 'Đúng hạn' ELSE 'Quá hạn' END,
              step1_done::timestamptz, 0,
              CASE WHEN step2_done <= $1 THEN done.ord - opened.ord END
         FROM scale_dossiers
         JOIN scale_working_days opened ON opened.day = step1_done
         JOIN scale_working_days done ON done.day = step2_done
        WHERE fate >= 10 AND step1_done <= $1`,
      [options.endDate],
    );
    // The clock stops: the events the SLA report reads to leave paused days out of a step.
    await client.query(
      `INSERT INTO dossier_events (dossier_code, seq, type, at, legal_date, step_key, task_id, data)
       SELECT code, 1, 'clock_stopped', (received_on + 1)::timestamptz, received_on + 1, 'verification',
              code || '-1', '{}'::jsonb
         FROM scale_dossiers WHERE paused > 0 AND fate >= 3
       UNION ALL
       SELECT code, 2, 'clock_resumed', (received_on + 1 + paused)::timestamptz, received_on + 1 + paused,
              'verification', NULL, jsonb_build_object('pausedWorkingDays', paused)
         FROM scale_dossiers WHERE paused > 0 AND fate >= 3`,
    );
    await client.query(
      `INSERT INTO decisions (dossier_code, number_label, signed_on, issuer_code, kind, monthly_amount,
         one_off_amount, in_kind, base_level, clauses, created_at)
       SELECT code, i || '/QĐ-UBND', step2_done, commune_code,
              CASE procedure_id WHEN 'monthly-allowance' THEN 'monthly' WHEN 'emergency-food' THEN 'in_kind'
                   ELSE 'one_off' END,
              CASE WHEN procedure_id = 'monthly-allowance' THEN 500000 * (2 + i % 3) / 2 END,
              CASE WHEN procedure_id = 'funeral-support' THEN 10000000 END,
              CASE WHEN procedure_id = 'emergency-food' THEN '{"riceKg": 15, "months": 1}'::jsonb END,
              500000,
              CASE WHEN procedure_id = 'monthly-allowance'
                   THEN ARRAY[(ARRAY['5.1','5.4','5.5a','5.5d','5.6','5.6','5.6','5.8'])[1 + i % 8]]
                   ELSE '{}'::text[] END,
              step2_done::timestamptz
         FROM scale_dossiers WHERE fate >= 10 AND step2_done <= $1`,
      [options.endDate],
    );
    // Monthly entitlements end after 0–800 days (death, moving away…): the ones ended by `end` carry the date.
    await client.query(
      `INSERT INTO entitlements (dossier_code, beneficiary_name, kind, monthly_amount, start_month, payer_role,
         commune_code, status, created_at, ended_on)
       SELECT d.code, 'Người Hưởng ' || d.i, 'monthly', dc.monthly_amount, to_char(dc.signed_on, 'YYYY-MM'),
              'payment_officer', d.commune_code,
              CASE WHEN dc.signed_on + ((d.i * 37) % 800)::int <= $1 THEN 'terminated' ELSE 'active' END,
              dc.created_at,
              CASE WHEN dc.signed_on + ((d.i * 37) % 800)::int <= $1 THEN dc.signed_on + ((d.i * 37) % 800)::int END
         FROM scale_dossiers d JOIN decisions dc ON dc.dossier_code = d.code
        WHERE dc.kind = 'monthly'`,
      [options.endDate],
    );
    const rowsWritten = Date.now();
    options.log?.(`read model rows: ${((rowsWritten - started) / 1000).toFixed(1)} s`);
    // The report summaries, by the operators' rebuild (the same code path as `npm run reports:rebuild`).
    await rebuildReportSummaries(client);
    options.log?.(`report summaries rebuilt: ${((Date.now() - rowsWritten) / 1000).toFixed(1)} s`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  // Statistics for the planner, and the visibility map autovacuum would soon write on a live database: without
  // it every index-only scan (the backlog's) would still read the heap of a freshly written table.
  await pool.query('VACUUM ANALYZE');
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const dossiers = Number(argument('dossiers') ?? 1_000_000);
  if (!Number.isInteger(dossiers) || dossiers < 1 || dossiers > 20_000_000) {
    throw new Error('--dossiers: a whole number from 1 to 20,000,000');
  }
  const endDate = argument('end') ?? new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const log = (line: string) => console.log(line);
  const database = await startDatabase(loadConfig(), log);
  try {
    await migrateUp(database.url);
    const pool = createPool(database.url, SEED_POOL);
    try {
      const started = Date.now();
      await seedScaleProvince(pool, { dossiers, endDate });
      log(
        `Seeded ${dossiers} synthetic dossiers in province ${SCALE_PROVINCE} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
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
