/**
 * What a list owes, read from the ledger in Postgres (db/payrolls.ts loadBuildBatch) and computed by
 * domain/payroll/build.ts: the cases where what the database holds decides the figure — a relocated allowance's
 * old commune's lines, a suspension before a termination. Figures by hand: 2.0 × 500.000 đ = 1.000.000 đ a month.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildPayrollLines } from '../../domain/payroll/build';
import { suspensionFrom } from '../../domain/payroll/suspension';
import { applyEntitlementChange, findEntitlement } from '../../db/entitlement-changes';
import { inTransaction } from '../../db/queryable';
import { DEFAULT_BASE_LEVELS } from '../../domain/base-level';
import { monthlyAmountFor } from '../../domain/entitlement-months';
import { loadBuildBatch, resetDraftPayroll, uncollectedHistory } from '../../db/payrolls';
import { seedDemoData } from '../../runtime/seed';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { DECIDED_FOOD_AID, insertDossierRow, insertMonthlyEntitlement } from '../helpers/dossier-rows';
import { confirmBaseLevel } from '../helpers/base-levels';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  // The units, the procedures and the people the dossier rows name.
  await seedDemoData(db.pool, { password: 'not-used-here-0' });
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

/** A list of commune 26170 for `month` holding `lines` as the payer reported them. */
async function earlierList(
  month: string,
  lines: Array<{ code: string; kind: string; coversMonth: string; amount: number; state: string }>,
): Promise<number> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO payrolls (commune_code, month, state, built_at, created_at)
     VALUES ('26170', $1, 'reconciled', now(), now()) RETURNING id`,
    [month],
  );
  for (const [index, line] of lines.entries()) {
    await db.pool.query(
      `INSERT INTO payroll_lines (payroll_id, line_no, dossier_code, kind, covers_month, amount, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [rows[0]!.id, index + 1, line.code, line.kind, line.coversMonth, line.amount, line.state],
    );
  }
  return Number(rows[0]!.id);
}

/** The lines the list of `month` gets for `code`, as [kind, month, amount]. */
async function linesFor(month: string, code: string) {
  const payrollId = (await resetDraftPayroll(db.pool, {
    communeCode: '26170',
    month,
    preparedBy: null,
    at: new Date('2054-01-01T00:00:00Z'),
  }))!;
  const batch = await loadBuildBatch(db.pool, {
    payrollId,
    communeCode: '26170',
    afterCode: null,
    limit: 100,
  });
  const statuses = new Map(
    batch.entitlements.map(({ entitlement }) => [entitlement.dossierCode, entitlement.status]),
  );
  return buildPayrollLines({
    month,
    entitlements: batch.entitlements,
    unpaidLines: batch.unpaidLines,
    statusOf: (dossierCode) => statuses.get(dossierCode),
  })
    .filter((line) => line.dossierCode === code)
    .map((line) => [line.kind, line.coversMonth, line.amount]);
}

test('a relocated allowance with an adjustment from a month the old commune paid pays only the difference', async () => {
  const OLD = '26170-540110-0101';
  const NEW = '26170-540620-0102';
  await insertMonthlyEntitlement(db.pool, OLD, {
    signedOn: '2054-01-10',
    coefficient: 2,
    baseLevel: 500_000,
    startMonth: '2054-01',
  });
  await insertMonthlyEntitlement(db.pool, NEW, {
    signedOn: '2054-06-20',
    coefficient: 2,
    baseLevel: 500_000,
    startMonth: '2054-07',
  });
  // Moved on 10/06; the old commune's July list (built on the 15th of June, before the relocation was decided)
  // paid July.
  await db.pool.query(
    `UPDATE entitlements SET status = 'terminated', ended_on = '2054-06-10' WHERE dossier_code = $1`,
    [OLD],
  );
  await db.pool.query(`UPDATE entitlements SET continues_from = $2 WHERE dossier_code = $1`, [NEW, OLD]);
  await earlierList('2054-07', [
    { code: OLD, kind: 'monthly', coversMonth: '2054-07', amount: 1_000_000, state: 'paid' },
  ]);
  // An adjustment to 1.200.000 đ from July, carried to the new entitlement.
  await db.pool.query(
    `INSERT INTO entitlement_amount_changes (entitlement_code, from_month, monthly_amount, decided_by_dossier,
       decided_on, created_at)
     VALUES ($1, '2054-07', 1200000, '26170-540801-0103', '2054-08-01', now())`,
    [NEW],
  );
  expect(await linesFor('2054-08', NEW)).toEqual([
    ['base_level_back_pay', '2054-07', 200_000],
    ['monthly', '2054-08', 1_200_000],
  ]);
});

test('terminating a suspended allowance pays neither the suspended months nor the unpaid lines again', async () => {
  const S = '26170-540110-0104';
  await insertMonthlyEntitlement(db.pool, S, {
    signedOn: '2054-01-10',
    coefficient: 2,
    baseLevel: 500_000,
    startMonth: '2054-02',
  });
  // February to April uncollected; the May list was built before April's confirmation suspended it from May.
  let april = 0;
  for (const month of ['2054-02', '2054-03', '2054-04']) {
    april = await earlierList(month, [
      { code: S, kind: 'monthly', coversMonth: month, amount: 1_000_000, state: 'failed' },
    ]);
  }
  await earlierList('2054-05', [
    { code: S, kind: 'monthly', coversMonth: '2054-05', amount: 1_000_000, state: 'failed' },
  ]);
  await db.pool.query(
    `INSERT INTO entitlement_suspensions (dossier_code, suspended_from_month, payroll_id, reason, created_at)
     VALUES ($1, '2054-05', $2, 'Không nhận trợ cấp 3 tháng liên tục', now())`,
    [S, april],
  );
  // Terminated 3 months after the unremedied suspension.
  await db.pool.query(
    `UPDATE entitlements SET status = 'terminated', ended_on = '2054-08-01' WHERE dossier_code = $1`,
    [S],
  );
  expect(await linesFor('2054-09', S)).toEqual([]);
});

test('after a relocation, a month the old commune’s list issued and the payer could not pay is issued again once', async () => {
  const OLD = '26170-540110-0105';
  const NEW = '26170-540620-0106';
  for (const [code, startMonth] of [
    [OLD, '2054-01'],
    [NEW, '2054-10'],
  ] as const) {
    await insertMonthlyEntitlement(db.pool, code, {
      signedOn: '2054-01-10',
      coefficient: 2,
      baseLevel: 500_000,
      startMonth,
    });
  }
  // Moved on 10/09; the old commune's October list (built before the relocation was decided) was not collected.
  await db.pool.query(
    `UPDATE entitlements SET status = 'terminated', ended_on = '2054-09-10' WHERE dossier_code = $1`,
    [OLD],
  );
  await db.pool.query(`UPDATE entitlements SET continues_from = $2 WHERE dossier_code = $1`, [NEW, OLD]);
  await earlierList('2054-10', [
    { code: OLD, kind: 'monthly', coversMonth: '2054-10', amount: 1_000_000, state: 'failed' },
  ]);
  expect(await linesFor('2054-11', OLD)).toEqual([['rolled_over', '2054-10', 1_000_000]]);
  expect(await linesFor('2054-11', NEW)).toEqual([['monthly', '2054-11', 1_000_000]]);
});

test('a lifted suspension counts again from the lists after the lift: the list built before it does not re-suspend', async () => {
  // R left unpaid on the lists of February–April 2056 (suspended from May). The May list was built a month
  // ahead, before the suspension, and holds R's May line; the officer lifted the suspension on 16/06/2056. The
  // payer then reports May unpaid: three unpaid lists in a row before the lift, but not a reason to suspend R
  // again. From the lists after the lift (July–September unpaid) it is suspended again, from October.
  const R = '26170-540110-0103';
  await insertMonthlyEntitlement(db.pool, R, {
    signedOn: '2054-01-10',
    coefficient: 2,
    baseLevel: 500_000,
    startMonth: '2054-01',
  });
  const unpaid = (month: string) => [
    { code: R, kind: 'monthly', coversMonth: month, amount: 1_000_000, state: 'failed' },
  ];
  const ids = new Map<string, number>();
  for (const month of ['2056-02', '2056-03', '2056-04', '2056-05'])
    ids.set(month, await earlierList(month, unpaid(month)));
  await db.pool.query(
    `INSERT INTO entitlement_suspension_lifts (dossier_code, suspended_from_month, payroll_id, remedied_on, remedy,
       lifted_by, lifted_at)
     VALUES ($1, '2056-05', $2, '2056-06-15', 'Đã về lại địa phương', 'commune_officer.26170',
             '2056-06-16T02:00:00Z')`,
    [R, ids.get('2056-04')],
  );
  const after = async (month: string) =>
    suspensionFrom((await uncollectedHistory(db.pool, ids.get(month)!)).get(R) ?? []);
  expect(await after('2056-05')).toBeUndefined();
  for (const month of ['2056-07', '2056-08', '2056-09'])
    ids.set(month, await earlierList(month, unpaid(month)));
  expect(await after('2056-08')).toBeUndefined();
  expect(await after('2056-09')).toBe('2056-10');
});

test('a relocation carries the adjustment in force: the new commune pays its coefficient × each later base level', async () => {
  // 2.0 × 500.000 đ from 01/2054, adjusted to 2.5 (1.250.000 đ) from 03/2054; moved on 10/06/2054, paid at the
  // new commune from 07/2054. A base level of 540.000 đ from 07/2054 then pays 2.5 × 540.000 đ = 1.350.000 đ
  // there, not the first decision's 2.0 × 540.000 đ = 1.080.000 đ.
  const FROM = '26170-540110-0905';
  const MOVED = '26170-540611-0907';
  await insertMonthlyEntitlement(db.pool, FROM, {
    signedOn: '2054-01-10',
    coefficient: 2,
    baseLevel: 500_000,
    startMonth: '2054-01',
  });
  await db.pool.query(
    `INSERT INTO entitlement_amount_changes (entitlement_code, from_month, monthly_amount, coefficient,
       decided_by_dossier, decided_on, created_at)
     VALUES ($1, '2054-03', 1250000, 2.5, '26170-540220-0106', '2054-02-25', now())`,
    [FROM],
  );
  await insertDossierRow(db.pool, MOVED, DECIDED_FOOD_AID);
  await inTransaction(db.pool, (client) =>
    applyEntitlementChange(
      client,
      MOVED,
      {
        kind: 'relocation',
        entitlementCode: FROM,
        endedOn: '2054-06-10',
        newCommuneCode: '26173',
        startMonth: '2054-07',
        monthlyAmount: 1_250_000,
        reason: 'Chuyển nơi cư trú',
      },
      '2054-06-11',
      '2054-06-11T03:00:00Z',
    ),
  );
  const moved = (await findEntitlement(db.pool, MOVED))!;
  expect(moved.amountChanges).toMatchObject([
    { fromMonth: '2054-07', monthlyAmount: 1_250_000, coefficient: 2.5 },
  ]);
  const BASE_540 = { effectiveFrom: '2054-07-01', amount: 540_000, legalBasis: 'Nghị định thử nghiệm' };
  const withLevel = { ...moved, baseLevels: [...DEFAULT_BASE_LEVELS, BASE_540] };
  expect(['2054-07', '2054-08'].map((month) => monthlyAmountFor(withLevel, month))).toEqual([
    1_350_000, 1_350_000,
  ]);
});

test("a death after a base level's effective month but before its confirmation: back pay for the months paid", async () => {
  // 2.0 × 500.000 đ from 01/2054; July and August 2057 paid 1.000.000 đ; died on 20/08/2057 (terminated). A base
  // level of 540.000 đ from 01/07/2057 is confirmed on 20/09/2057: July and August are owed 80.000 đ each, and
  // nothing after August.
  const T = '26170-540110-0908';
  await insertMonthlyEntitlement(db.pool, T, {
    signedOn: '2054-01-10',
    coefficient: 2,
    baseLevel: 500_000,
    startMonth: '2054-01',
  });
  for (const month of ['2057-07', '2057-08']) {
    await earlierList(month, [
      { code: T, kind: 'monthly', coversMonth: month, amount: 1_000_000, state: 'paid' },
    ]);
  }
  await db.pool.query(
    `UPDATE entitlements SET status = 'terminated', ended_on = '2057-08-20' WHERE dossier_code = $1`,
    [T],
  );
  const BASE_540 = { effectiveFrom: '2057-07-01', amount: 540_000, legalBasis: 'Nghị định thử nghiệm' };
  await confirmBaseLevel(db.pool, BASE_540, {
    confirmedOn: '2057-09-20',
    at: new Date('2057-09-20T03:00:00Z'),
    dossierCode: T,
  });
  expect(await linesFor('2057-10', T)).toEqual([
    ['base_level_back_pay', '2057-07', 80_000],
    ['base_level_back_pay', '2057-08', 80_000],
  ]);
  const { rows: entitlement } = await db.pool.query(
    'SELECT status, monthly_amount::int AS amount FROM entitlements WHERE dossier_code = $1',
    [T],
  );
  expect(entitlement).toEqual([{ status: 'terminated', amount: 1_000_000 }]);
});

test('migration 922 gives adjustments decided before it their coefficient where the amount is exactly one', async () => {
  // Base levels: 500.000 đ from 07/2024 (seeded), 540.000 đ from 07/2058 as an admin stored it.
  const A = '26170-540110-0909';
  await insertMonthlyEntitlement(db.pool, A, {
    signedOn: '2054-01-10',
    coefficient: 2,
    baseLevel: 500_000,
    startMonth: '2054-01',
  });
  await db.pool.query(
    `INSERT INTO base_levels (effective_from, amount, legal_basis) VALUES ('2058-07-01', 540000, 'Nghị định thử nghiệm')`,
  );
  const legacy: Array<[string, number]> = [
    ['2054-03', 1_250_000],
    ['2054-04', 1_234_567],
    ['2058-08', 1_350_000],
    ['2058-09', 1_250_000],
  ];
  for (const [index, [month, amount]] of legacy.entries()) {
    await db.pool.query(
      `INSERT INTO entitlement_amount_changes (entitlement_code, from_month, monthly_amount, decided_by_dossier,
         decided_on, created_at)
       VALUES ($1, $2, $3, $4, '2054-02-01', now())`,
      [A, month, amount, `26170-540201-09${10 + index}`],
    );
  }
  const migration = fs.readFileSync(
    path.join(__dirname, '../../db/migrations/1700000000922_adjustment-coefficients.sql'),
    'utf8',
  );
  await db.pool.query(migration.split('-- Down Migration')[0]!);
  const { rows } = await db.pool.query(
    `SELECT from_month, coefficient::float AS coefficient FROM entitlement_amount_changes
      WHERE entitlement_code = $1 ORDER BY from_month`,
    [A],
  );
  expect(rows).toEqual([
    { from_month: '2054-03', coefficient: 2.5 },
    { from_month: '2054-04', coefficient: null },
    { from_month: '2058-08', coefficient: 2.5 },
    // 1.250.000 đ at 540.000 đ is no coefficient with two decimals: kept as decided.
    { from_month: '2058-09', coefficient: null },
  ]);
});
