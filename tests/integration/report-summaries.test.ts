/**
 * The report summaries kept event by event (applyToReportSummaries, in each event's transaction) equal a full
 * recompute from the read model (rebuildReportSummaries) after the report fixture's stories — a dossier paused
 * for documents, one escalated and returned, one refused, one across a year end, one refused at intake, one
 * still waiting — plus people assisted more than once (a gap between two aids, aids on touching days, an
 * allowance stopped and a new one later) and an amount changed outside the event stream. The people count read
 * from the summaries is checked against the count made from the decisions themselves, period by period.
 */
import { migrateUp } from '../../db/migrate';
import { inTransaction } from '../../db/queryable';
import { changeEntitlement, lockForRebuild, rebuildReportSummaries } from '../../db/report-summaries';
import { entitlementCounts, peopleAssisted, peopleAssistedFromDecisions } from '../../db/reports';
import { addEntitlements, newEntitlementAcc } from '../../app/reports/beneficiaries';
import { applyEntitlementChange } from '../../db/entitlement-changes';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { summariesSnapshot as snapshot } from '../helpers/report-summaries';
import { DossierStory } from '../helpers/dossier-events';
import { reportDossiers, reportProvince } from '../helpers/report-province';

const SAME_PLACE = {
  procedureId: 'emergency-food',
  procedureTitle: 'Hỗ trợ lương thực',
  tier: 'two-tier',
  provinceCode: '99',
  communeCode: '99201',
} as const;

let db: TestDatabase;
let live: Record<string, unknown[]>;
let amountsBefore: number;
/** Monthly amounts of the allowances active at the end of 2055 in province 99, VND. */
const monthlyTotal = async () =>
  (await entitlementCounts(db.pool, { from: '2055-01-01', to: '2055-12-31', rootUnit: '99' })).reduce(
    (sum, row) => sum + row.monthlyAmount,
    0,
  );
beforeAll(async () => {
  db = await createTestDatabase();
  await reportProvince(db.pool);
  await reportDossiers(db.pool);
  const story = (code: string, id: string, receivedOn: string) =>
    new DossierStory(db.pool, { code, ...SAME_PLACE, receivedOn, beneficiaryIdNumber: id }).received();
  // D10's person (rice on 02/02) is helped again on 10/05: two islands, a gap between them.
  await (
    await story('P1', '099000000010', '2055-05-09')
  )
    .decided('2055-05-10', { kind: 'one_off', clauses: [], oneOffAmount: 2_000_000 })
    .then((d) => d.completed('2055-05-10', 'Trước hạn'));
  // D11's person (one-off on 03/02) gets a monthly allowance from 04/02: touching days, one island.
  await (
    await story('P2', '099000000011', '2055-02-03')
  )
    .decided('2055-02-04', { kind: 'monthly', clauses: ['5.5a'], monthlyAmount: 750_000 })
    .then((d) => d.entitled('2055-02-04', { kind: 'monthly', monthlyAmount: 750_000 }))
    .then((d) => d.completed('2055-02-04', 'Trước hạn'));
  // D2's person (allowance stopped 31/05) is granted another from 01/07.
  await (
    await story('P3', '099000000002', '2055-06-20')
  )
    .decided('2055-07-01', { kind: 'monthly', clauses: ['5.6'], monthlyAmount: 1_000_000 })
    .then((d) => d.entitled('2055-07-01', { kind: 'monthly', monthlyAmount: 1_000_000 }));
  // A new base level moves D1's amount (db/entitlement-arrears.ts goes through the same function).
  await inTransaction(db.pool, (client) =>
    changeEntitlement(client, 'D1', async () => {
      await client.query(`UPDATE entitlements SET monthly_amount = 810000 WHERE dossier_code = 'D1'`);
    }),
  );
  // An adjustment decided for P2 from 04/2055: 750,000 → 900,000 (through the decision's projection).
  amountsBefore = await monthlyTotal();
  await inTransaction(db.pool, (client) =>
    applyEntitlementChange(
      client,
      'ADJ-P2',
      {
        kind: 'adjustment',
        entitlementCode: 'P2',
        fromMonth: '2055-04',
        previousAmount: 750_000,
        newMonthlyAmount: 900_000,
        reason: 'Điều chỉnh mức trợ cấp',
      },
      '2055-03-20',
      '2055-03-20T03:00:00Z',
    ),
  );
  // D1's person moves from 99201 to 99202 (same province) on 20/12/2055: the relocation dossier, received at
  // 99201, is decided on 28/12 and opens the new entitlement at 99202 from 01/2056 (db/entitlement-changes.ts).
  await (
    await new DossierStory(db.pool, {
      code: 'R1',
      ...SAME_PLACE,
      procedureId: 'allowance-relocation',
      procedureTitle: 'Chuyển nơi hưởng trợ cấp khi thay đổi nơi cư trú',
      receivedOn: '2055-12-22',
      beneficiaryIdNumber: '099000000001',
    }).received()
  )
    .decided('2055-12-28', {
      kind: 'monthly',
      clauses: ['5.5a'],
      monthlyAmount: 810_000,
      paymentStartMonth: '2056-01',
      change: {
        kind: 'relocation',
        entitlementCode: 'D1',
        endedOn: '2055-12-20',
        newCommuneCode: '99202',
        startMonth: '2056-01',
        monthlyAmount: 810_000,
        reason: 'Chuyển nơi cư trú đến Xã Bên Sông',
      },
    })
    .then((d) => d.completed('2055-12-28', 'Đúng hạn'));
  live = await snapshot(db.pool);
});
afterAll(() => db.drop());

test('the summaries kept event by event equal a recompute from the read model', async () => {
  expect(live.report_dossier_counts!.length).toBeGreaterThan(0);
  expect(live.report_step_durations!.length).toBeGreaterThan(0);
  // Over all procedures: D10/P1's gap and D2/P3's; within emergency-food only D10/P1's (D2 was monthly-allowance).
  const gaps = live.report_people_gaps!.map((row) => JSON.parse(row as string).procedure_id);
  expect(gaps.sort()).toEqual(['emergency-food', null, null]);
  await inTransaction(db.pool, (client) => rebuildReportSummaries(client));
  expect(await snapshot(db.pool)).toEqual(live);
});

test('an adjustment counts the allowance at its new amount in the monthly totals', async () => {
  expect((await monthlyTotal()) - amountsBefore).toBe(900_000 - 750_000);
});

test('the working days stored when each step completed are the calendar’s, less the clock stops', async () => {
  await inTransaction(db.pool, (client) => rebuildReportSummaries(client, { recomputeWorkingDays: true }));
  expect(await snapshot(db.pool)).toEqual(live);
  // D2's verification: 01/03 → 12/03 is 9 working days, 3 of them paused for documents (the fixture's note).
  const { rows } = await db.pool.query(
    `SELECT elapsed_working_days, paused_working_days, working_days FROM tasks WHERE id = 'D2-1'`,
  );
  expect(rows[0]).toEqual({ elapsed_working_days: 9, paused_working_days: 3, working_days: 6 });
});

test.each([
  ['2055-01-01', '2055-12-31'],
  ['2055-03-01', '2055-04-30'],
  ['2055-02-01', '2055-05-31'],
  ['2055-05-10', '2055-05-10'],
  ['2055-06-01', '2055-06-30'],
  ['2055-02-04', '2055-02-04'],
  ['2054-12-01', '2055-01-31'],
  ['2055-12-01', '2056-01-31'],
  ['2055-12-21', '2055-12-31'],
  ['2056-01-01', '2056-06-30'],
])('people assisted %s – %s: the summaries count what the decisions say', async (from, to) => {
  for (const procedureId of [
    undefined,
    'monthly-allowance',
    'emergency-food',
    'funeral-support',
    'allowance-relocation',
  ]) {
    await expectPeopleAsDecided({ from, to, rootUnit: '99', ...(procedureId ? { procedureId } : {}) });
  }
});

test('one procedure counts its own people: a person helped under two procedures counts once in each', async () => {
  // D2's person: a monthly allowance (monthly-allowance) and, as P3, another (emergency-food) in 2055.
  const people = async (procedureId?: string) =>
    (
      await peopleAssisted(db.pool, {
        from: '2055-01-01',
        to: '2055-12-31',
        rootUnit: '99201',
        ...(procedureId ? { procedureId } : {}),
      })
    ).reduce((sum, row) => sum + row.people, 0);
  const [all, allowance, food] = [
    await people(),
    await people('monthly-allowance'),
    await people('emergency-food'),
  ];
  expect(allowance).toBeGreaterThan(0);
  expect(food).toBeGreaterThan(0);
  expect(allowance + food).toBeGreaterThan(all);
});

describe('a relocation from 99201 to 99202 across the year’s end (D1, 810,000 a month, clause 5.5a)', () => {
  const counts = async (from: string, to: string) =>
    Object.fromEntries(
      (await entitlementCounts(db.pool, { from, to, rootUnit: '99' }))
        .filter((row) => row.communeCode !== '99101')
        .map((row) => [
          `${row.communeCode} ${row.clause}`,
          [row.active, row.started, row.stopped, row.movedIn, row.movedOut, row.monthlyAmount],
        ]),
    );

  test('per commune: paid at 99201 through December, a stop there and a start at 99202 on 01/01/2056', async () => {
    // [active at the end, started, stopped, of them moved in, moved out, monthly amounts of the active]
    const secondHalf = await counts('2055-07-01', '2055-12-31');
    const firstHalf = await counts('2056-01-01', '2056-06-30');
    expect(secondHalf).not.toHaveProperty(['99202 5.5a']);
    expect(firstHalf['99202 5.5a']).toEqual([1, 1, 0, 1, 0, 810_000]);
    const [active, , , , , amount] = secondHalf['99201 5.5a']!;
    expect(secondHalf['99201 5.5a']?.slice(2, 5)).toEqual([0, 0, 0]);
    expect(firstHalf['99201 5.5a']).toEqual([active! - 1, 0, 1, 0, 1, amount! - 810_000]);
  });

  test('the province: neither new nor stopped by the move, active once before and after it', async () => {
    const province = {
      unitCode: '99',
      unitName: 'Tỉnh Thử Nghiệm',
      level: 'province',
      sortKey: '99',
    } as const;
    const atProvince = async (from: string, to: string) => {
      const acc = newEntitlementAcc();
      for (const row of await entitlementCounts(db.pool, { from, to, rootUnit: '99' })) {
        addEntitlements(acc, row, province);
      }
      return acc;
    };
    const before = await atProvince('2055-07-01', '2055-12-31');
    const after = await atProvince('2056-01-01', '2056-06-30');
    // Nothing else starts or stops in 2056 in province 99: the move is all there is, and it adds nothing.
    expect(after).toEqual({ ...before, started: 0, stopped: 0 });
    const both = await atProvince('2055-07-01', '2056-06-30');
    expect(both.started).toBe(before.started);
    expect(both.stopped).toBe(before.stopped);
  });

  test('people: once at each commune over the year’s end, once at the province', async () => {
    const people = async (from: string, to: string) =>
      Object.fromEntries(
        (await peopleAssisted(db.pool, { from, to, rootUnit: '99' })).map((row) => [
          row.communeCode,
          [row.people, row.movedIn],
        ]),
      );
    const december = await people('2055-12-01', '2055-12-31');
    const yearEnd = await people('2055-12-01', '2056-01-31');
    const january = await people('2056-01-01', '2056-01-31');
    // 99202 meets D9's person all along and D1's from 01/01/2056; over the year's end D1's person counts at both.
    expect(yearEnd['99202']).toEqual([december['99202']![0]! + 1, 1]);
    expect(january['99202']).toEqual([december['99202']![0]! + 1, 0]);
    expect(yearEnd['99201']).toEqual(december['99201']);
    expect(january['99201']?.[0]).toBe(december['99201']![0]! - 1);
    expect(december['99202']?.[1]).toBe(0);
    // At the province (the plan report takes movedIn out): the year's end meets as many people as December.
    const total = (rows: Record<string, number[]>) =>
      Object.values(rows).reduce((sum, [n, moved]) => sum + n! - moved!, 0);
    expect(total(yearEnd)).toBe(total(december));
  });
});

async function expectPeopleAsDecided(filter: Parameters<typeof peopleAssisted>[1]): Promise<void> {
  const byUnit = (rows: Array<{ communeCode: string; districtCode: string | null; people: number }>) =>
    Object.fromEntries(rows.map((row) => [`${row.communeCode}/${row.districtCode}`, row.people]));
  expect(byUnit(await peopleAssisted(db.pool, filter))).toEqual(
    byUnit(await peopleAssistedFromDecisions(db.pool, filter)),
  );
}

test('a database with dossiers but no summaries (as migration 860 left one) is rebuilt when it is migrated', async () => {
  await db.pool.query(
    `TRUNCATE report_dossier_counts, report_step_durations, report_entitlement_counts, report_one_off_aid,
       report_assistance_intervals, report_people_counts, report_people_gaps`,
  );
  await db.pool.query(`UPDATE tasks SET elapsed_working_days = NULL, paused_working_days = 0`);
  const logged: string[] = [];
  expect(await migrateUp(db.url, (line) => logged.push(line))).toEqual([]);
  expect(logged.filter((line) => line.startsWith('Report summaries rebuilt'))).toHaveLength(1);
  expect(await snapshot(db.pool)).toEqual(live);
  // Summaries in place: migrating again leaves them alone.
  logged.length = 0;
  await migrateUp(db.url, (line) => logged.push(line));
  expect(logged.filter((line) => line.startsWith('Report summaries'))).toEqual([]);
});

test('a migration that asks for a rebuild gets it even if events were counted since (summaries not empty)', async () => {
  // As a migration changing what the summaries hold does, then one figure counted by the old code meanwhile.
  await db.pool.query('UPDATE report_summaries_state SET needs_rebuild = true');
  await db.pool.query(
    'UPDATE report_dossier_counts SET received = received + 1 WHERE ctid = (SELECT min(ctid) FROM report_dossier_counts)',
  );
  expect(await snapshot(db.pool)).not.toEqual(live);
  const logged: string[] = [];
  await migrateUp(db.url, (line) => logged.push(line));
  expect(logged.filter((line) => line.startsWith('Report summaries rebuilt'))).toHaveLength(1);
  expect(await snapshot(db.pool)).toEqual(live);
  expect((await db.pool.query('SELECT needs_rebuild FROM report_summaries_state')).rows).toEqual([
    { needs_rebuild: false },
  ]);
});

test('a process starting while another rebuilds waits for it past the 10 s lock limit, then has nothing to do', async () => {
  await db.pool.query('UPDATE report_summaries_state SET needs_rebuild = true');
  const other = await db.pool.connect();
  try {
    // The other process: the rebuild's locks held for longer than the requests' 10 s lock limit.
    await other.query('BEGIN');
    await lockForRebuild(other);
    const logged: string[] = [];
    const starting = migrateUp(db.url, (line) => logged.push(line));
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    await rebuildReportSummaries(other);
    await other.query('COMMIT');
    await starting;
    expect(logged).toContain('Waiting for another process rebuilding the report summaries.');
    expect(logged.filter((line) => line.startsWith('Report summaries rebuilt'))).toEqual([]);
  } finally {
    other.release();
  }
  expect(await snapshot(db.pool)).toEqual(live);
}, 60_000);
