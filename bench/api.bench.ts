/**
 * The API under load, measured from outside on `npm start` (runtime/start.ts in a child process, its own
 * Temporal dev server, worker and pools) over a realistic database: the synthetic province of
 * runtime/seed-scale.ts (`--dossiers`, default 100,000) plus the demo data.
 *  - /health and tracking unthrottled, one after the other: tracking's throughput as a share of /health's
 *    (the baseline: the same server answering without touching the database);
 *  - /health, tracking and the inbox at fixed offered rates (200 and 1,000 requests/s, `--seconds` each);
 *  - desk intake, 6 at a time (`--intakes`);
 *  - task completion at the same fixed rates over distinct claimed tasks (`--tasks` per rate; a task can be
 *    completed once, so these runs are short bursts);
 *  - submission to first task: an online submission, then its completeness-check task in the inbox's table,
 *    one at a time (`--submissions`).
 */
import { performance } from 'node:perf_hooks';
import { hashPassword } from '../app/auth/passwords';
import { createPool } from '../db/pool';
import { insertUser } from '../db/users';
import { legalDateOf } from '../domain/legal-time';
import { demoApplication } from '../runtime/seed';
import { SEED_POOL, seedScaleProvince } from '../runtime/seed-scale';
import { trackDossier } from '../app/dossiers/citizen';
import type { AppDeps } from '../app/deps';
import { describeExplained, explainStatements, statementsOf } from './lib/explain';
import { Figures, ms, numberArg, percentile, stringArg } from './lib/figures';
import { describeLoad, offerLoad } from './lib/load';
import { BENCH_PASSWORD, login, runNpmStart } from './lib/npm-start';
import { startStack } from './lib/stack';
import { sampleWaits } from './lib/pg-waits';
import { describeMetrics, scrapeMetrics } from './lib/temporal-metrics';

const DOSSIERS = numberArg('dossiers', 100_000);
const SECONDS = numberArg('seconds', 10);
const TASKS = numberArg('tasks', 40);
const INTAKES = numberArg('intakes', 24);
const SUBMISSIONS = numberArg('submissions', 30);
const RATES = [200, 1000];
// `--phases tracking,desk,submission` runs some (default all); `--cpu-prof <dir>` has `npm start` write a
// V8 CPU profile per thread (API and worker's main thread, workflow threads) there when it stops.
const PHASES = new Set((stringArg('phases') ?? 'tracking,desk,submission').split(','));
const CPU_PROF_DIR = stringArg('cpu-prof');

async function main(): Promise<void> {
  const figures = new Figures('api');
  const stack = await startStack({ label: 'api', temporal: false });
  const pool = createPool(stack.databaseUrl, { max: 2 });
  let system: Awaited<ReturnType<typeof runNpmStart>> | undefined;
  try {
    const today = legalDateOf(Date.now());
    const seedPool = createPool(stack.databaseUrl, SEED_POOL);
    const seedStarted = performance.now();
    await seedScaleProvince(seedPool, { dossiers: DOSSIERS, endDate: today });
    await seedPool.end();
    console.log(
      `scale seed: ${DOSSIERS} dossiers in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`,
    );
    system = await runNpmStart({
      dir: stack.dir,
      databaseUrl: stack.databaseUrl,
      ...(CPU_PROF_DIR ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] } : {}),
    });
    const base = system.baseUrl;
    // After the demo seed (which runs only on a database without users).
    await insertUser(pool, {
      username: 'commune_officer.90001',
      fullName: 'Cán bộ đo hiệu năng',
      passwordHash: await hashPassword(BENCH_PASSWORD),
      role: 'commune_officer',
      unitCode: '90001',
    });
    console.log(`npm start up at ${base} (pid ${system.pid})`);

    const { rows: tracked } = await pool.query<{ code: string; applicant_phone: string }>(
      `SELECT code, applicant_phone FROM dossiers WHERE province_code = '90' ORDER BY random() LIMIT 5000`,
    );
    let next = 0;
    const trackingRequest = (request: { path: string; headers: Record<string, string> }) => {
      const dossier = tracked[next++ % tracked.length]!;
      return {
        ...request,
        path: `/api/track/${dossier.code}`,
        headers: { ...request.headers, 'x-tracking-phone': dossier.applicant_phone },
      };
    };
    const inboxToken = await login(base, 'commune_officer.90001');
    const inbox = { url: `${base}/api/tasks`, headers: { authorization: `Bearer ${inboxToken}` } };

    // The statements of one tracking look-up as the code sends them, each under EXPLAIN ANALYZE (warm).
    const sample = tracked[0]!;
    const lookUp = (recording: typeof pool) =>
      trackDossier({ pool: recording } as unknown as AppDeps, {
        code: sample.code,
        factor: { phone: sample.applicant_phone },
        clientAddress: '10.99.0.1',
      });
    await lookUp(pool);
    const statements = await statementsOf(pool, lookUp);
    const explained = await explainStatements(pool, statements);
    figures.add(
      'tracking statements per look-up',
      `${statements.length}, ${explained.reduce((sum, e) => sum + e.executionMs + e.planningMs, 0).toFixed(2)} ms in Postgres`,
      explained,
    );
    for (const statement of explained) console.log(`  ${describeExplained(statement)}`);

    if (PHASES.has('tracking')) {
      // Unthrottled, same run: the ratio is the figure; each alone depends on the neighbours' load.
      const healthMax = await offerLoad({ url: `${base}/health`, seconds: SECONDS, connections: 10 });
      figures.add('/health unthrottled', describeLoad(healthMax), healthMax);
      const trackingMax = await offerLoad({
        url: base,
        seconds: SECONDS,
        connections: 10,
        setupRequest: trackingRequest,
      });
      figures.add('tracking unthrottled', describeLoad(trackingMax), trackingMax);
      figures.add(
        'tracking/health throughput ratio',
        (trackingMax.requestsPerSecond / healthMax.requestsPerSecond).toFixed(2),
        trackingMax.requestsPerSecond / healthMax.requestsPerSecond,
      );
      for (const rate of RATES) {
        const connections = rate >= 1000 ? 100 : 20;
        const health = await offerLoad({ url: `${base}/health`, rate, seconds: SECONDS, connections });
        figures.add(`/health at ${rate}/s`, describeLoad(health), health);
        const tracking = await offerLoad({
          url: base,
          rate,
          seconds: SECONDS,
          connections,
          setupRequest: trackingRequest,
        });
        figures.add(`tracking at ${rate}/s`, describeLoad(tracking), tracking);
        const inboxLoad = await offerLoad({ ...inbox, rate, seconds: SECONDS, connections });
        figures.add(`inbox at ${rate}/s`, describeLoad(inboxLoad), inboxLoad);
      }
    }
    const metricsBefore = await scrapeMetrics(system.temporalMetricsUrl).catch(() => undefined);
    if (PHASES.has('desk')) {
      // Desk intake, 6 at a time: the dossiers whose tasks are then completed.
      const clerkToken = await login(base, 'intake_clerk.26170');
      let serial = 0;
      const intakeOnce = async (): Promise<{ code: string; ms: number }> => {
        serial += 1;
        const digits = String(serial).padStart(6, '0');
        const started = performance.now();
        const response = await fetch(`${base}/api/desk/dossiers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${clerkToken}` },
          body: JSON.stringify({
            procedureId: 'monthly-allowance',
            application: demoApplication('26170', {
              applicant: 'Nguyễn Thị Hoa',
              beneficiary: 'Trần Văn Bảy',
              phone: `0912${digits}`,
              born: '1941-03-15',
              idNumber: `075041${digits}`,
            }),
          }),
        });
        const body = (await response.json()) as { code?: string };
        if (response.status !== 201 || !body.code) throw new Error(`desk intake ${response.status}`);
        return { code: body.code, ms: performance.now() - started };
      };
      const intakeTimes: number[] = [];
      const codes: string[] = [];
      const needed = Math.max(INTAKES, TASKS * RATES.length);
      const waits = sampleWaits(pool);
      const intakeStarted = performance.now();
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          while (codes.length + 6 <= needed + 5 && serial < needed) {
            const { code, ms: took } = await intakeOnce();
            codes.push(code);
            if (intakeTimes.length < INTAKES) intakeTimes.push(took);
          }
        }),
      );
      const intakeSeconds = (performance.now() - intakeStarted) / 1000;
      const waited = await waits.stop();
      figures.add('Postgres sessions during desk intake, by wait', `${waited.length} lines`, waited);
      for (const line of waited) console.log(`  ${line}`);
      figures.add(
        'desk intake, 6 concurrent',
        `${(codes.length / intakeSeconds).toFixed(2)} dossiers/s, p50 ${ms(percentile(intakeTimes, 0.5))}, ` +
          `p95 ${ms(percentile(intakeTimes, 0.95))} (n=${codes.length})`,
        {
          perSecond: codes.length / intakeSeconds,
          p50Ms: percentile(intakeTimes, 0.5),
          p95Ms: percentile(intakeTimes, 0.95),
          n: codes.length,
        },
      );

      // Their verification tasks, claimed by the officer one by one, then completed at the fixed rates.
      const officerToken = await login(base, 'commune_officer.26170');
      const officer = { authorization: `Bearer ${officerToken}`, 'content-type': 'application/json' };
      const taskIds: string[] = [];
      const claimTimes: number[] = [];
      for (const code of codes) {
        let id: string | undefined;
        for (let attempt = 0; attempt < 600 && !id; attempt++) {
          const { rows } = await pool.query<{ id: string }>(
            `SELECT id FROM tasks WHERE dossier_code = $1 AND step_key = 'verification' AND status = 'open'`,
            [code],
          );
          id = rows[0]?.id;
          if (!id) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        if (!id) throw new Error(`no verification task for ${code}`);
        const started = performance.now();
        const response = await fetch(`${base}/api/tasks/${id}/claim`, { method: 'POST', headers: officer });
        if (response.status !== 200) throw new Error(`claim ${id}: ${response.status}`);
        claimTimes.push(performance.now() - started);
        taskIds.push(id);
      }
      figures.add(
        'task claim, one at a time',
        `p50 ${ms(percentile(claimTimes, 0.5))}, p95 ${ms(percentile(claimTimes, 0.95))} (n=${claimTimes.length})`,
        { p50Ms: percentile(claimTimes, 0.5), p95Ms: percentile(claimTimes, 0.95), n: claimTimes.length },
      );
      for (const [index, rate] of RATES.entries()) {
        const ids = taskIds.slice(index * TASKS, (index + 1) * TASKS);
        const count = ids.length;
        const completion = await offerLoad({
          url: base,
          method: 'POST',
          rate,
          amount: count,
          connections: Math.min(count, rate >= 1000 ? 100 : 20),
          headers: officer,
          // Each request its own task (autocannon's request lists restart on every connection).
          setupRequest: (request) => ({
            ...request,
            method: 'POST',
            path: `/api/tasks/${ids.shift() ?? 'none'}/complete`,
            body: JSON.stringify({ outcome: 'approve' }),
          }),
        });
        figures.add(`task completion at ${rate}/s (${count} tasks)`, describeLoad(completion), completion);
      }
    }
    if (PHASES.has('submission')) {
      // Submission to first task, one at a time, each from its own address and phone (submission limits).
      const firstTask: number[] = [];
      for (let i = 0; i < SUBMISSIONS; i++) {
        const digits = String(900_000 + i).padStart(6, '0');
        const started = performance.now();
        const response = await fetch(`${base}/api/dossiers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.17.${i >> 8}.${i & 255}` },
          body: JSON.stringify({
            procedureId: 'monthly-allowance',
            application: demoApplication('26170', {
              applicant: 'Võ Thị Mai',
              beneficiary: 'Võ Văn Chín',
              phone: `0933${digits}`,
              born: '1939-11-11',
              idNumber: `075039${digits}`,
            }),
          }),
        });
        const body = (await response.json()) as { code?: string };
        if (response.status !== 201 || !body.code) throw new Error(`online submission ${response.status}`);
        for (;;) {
          const { rows } = await pool.query(
            `SELECT 1 FROM tasks WHERE dossier_code = $1 AND status = 'open'`,
            [body.code],
          );
          if (rows.length) break;
          if (performance.now() - started > 30_000) throw new Error(`no first task for ${body.code}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        firstTask.push(performance.now() - started);
      }
      figures.add(
        'submission to first task',
        `p50 ${ms(percentile(firstTask, 0.5))}, p95 ${ms(percentile(firstTask, 0.95))} (n=${firstTask.length})`,
        { p50Ms: percentile(firstTask, 0.5), p95Ms: percentile(firstTask, 0.95), n: firstTask.length },
      );
    }
    const metricsAfter = await scrapeMetrics(system.temporalMetricsUrl).catch(() => undefined);
    if (metricsBefore && metricsAfter) {
      const lines = describeMetrics(metricsBefore, metricsAfter);
      figures.add(
        'worker metrics over desk, claims, completions and submissions',
        `${lines.length} lines`,
        lines,
      );
      for (const line of lines) console.log(`  ${line}`);
    }
    figures.save({ dossiers: DOSSIERS });
  } finally {
    await system?.stop();
    await pool.end();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
