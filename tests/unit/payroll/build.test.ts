/**
 * Next month's list as arithmetic (domain/payroll/build.ts): figures computed by hand, to the đồng.
 * Coefficient 2.0 (severe disability, 5.6) at 500.000 đ is 1.000.000 đ a month; at 540.000 đ, 1.080.000 đ.
 */
import { monthlyAmountFor } from '../../../domain/entitlement-months';
import {
  buildPayrollLines,
  totalOf,
  type EntitlementLedger,
  type PayrollBuildInput,
} from '../../../domain/payroll/build';
import type { PayrollEntitlement } from '../../../domain/payroll/entitlement';

const NOTHING_ISSUED: EntitlementLedger = {
  lastCoveredMonth: null,
  issuedByMonth: new Map(),
  oneOffIssued: false,
};

function monthly(code: string, overrides: Partial<PayrollEntitlement> = {}): PayrollEntitlement {
  return {
    dossierCode: code,
    kind: 'monthly',
    status: 'active',
    monthlyAmount: 1_000_000,
    oneOffAmount: null,
    startMonth: '2054-01',
    endedOn: null,
    baseLevelChanges: [],
    ...overrides,
  };
}

/** 540.000 đ from 07/2054, confirmed in 09/2054: rows 07–09 from 1.000.000 to 1.080.000. */
const CHANGE_07_TO_09 = ['2054-07', '2054-08', '2054-09'].map((month) => ({
  month,
  proposalId: 4,
  previousAmount: 1_000_000,
  newAmount: 1_080_000,
}));

function build(
  month: string,
  entitlements: PayrollBuildInput['entitlements'],
  unpaidLines: PayrollBuildInput['unpaidLines'] = [],
) {
  const statuses = new Map(
    entitlements.map(({ entitlement }) => [entitlement.dossierCode, entitlement.status]),
  );
  return buildPayrollLines({ month, entitlements, unpaidLines, statusOf: (code) => statuses.get(code) });
}

test('a first payment carries the months since the start month as arrears', () => {
  const lines = build('2054-03', [{ entitlement: monthly('A'), ledger: NOTHING_ISSUED }]);
  expect(lines).toEqual([
    { dossierCode: 'A', kind: 'arrears', coversMonth: '2054-01', amount: 1_000_000 },
    { dossierCode: 'A', kind: 'arrears', coversMonth: '2054-02', amount: 1_000_000 },
    { dossierCode: 'A', kind: 'monthly', coversMonth: '2054-03', amount: 1_000_000 },
  ]);
  expect(totalOf(lines)).toBe(3_000_000);
});

test('months already issued are settled: next month pays the month only', () => {
  const ledger = { ...NOTHING_ISSUED, lastCoveredMonth: '2054-03' };
  expect(build('2054-04', [{ entitlement: monthly('A'), ledger }])).toEqual([
    { dossierCode: 'A', kind: 'monthly', coversMonth: '2054-04', amount: 1_000_000 },
  ]);
});

test('a base level confirmed after months were paid: the difference of each month as back pay', () => {
  const entitlement = monthly('B', { monthlyAmount: 1_080_000, baseLevelChanges: CHANGE_07_TO_09 });
  const ledger: EntitlementLedger = {
    lastCoveredMonth: '2054-09',
    issuedByMonth: new Map([
      ['2054-07', 1_000_000],
      ['2054-08', 1_000_000],
      ['2054-09', 1_000_000],
    ]),
    oneOffIssued: false,
  };
  const lines = build('2054-10', [{ entitlement, ledger }]);
  expect(lines.map((line) => [line.kind, line.coversMonth, line.amount])).toEqual([
    ['base_level_back_pay', '2054-07', 80_000],
    ['base_level_back_pay', '2054-08', 80_000],
    ['base_level_back_pay', '2054-09', 80_000],
    ['monthly', '2054-10', 1_080_000],
  ]);
  expect(totalOf(lines)).toBe(1_320_000);
  // October's list was built on 15/09, before the confirmation: it paid the old amount and has no arrears row.
  const octoberPaidOld: EntitlementLedger = {
    lastCoveredMonth: '2054-10',
    issuedByMonth: new Map([
      ['2054-07', 1_000_000],
      ['2054-08', 1_000_000],
      ['2054-09', 1_000_000],
      ['2054-10', 1_000_000],
    ]),
    oneOffIssued: false,
  };
  expect(
    build('2054-11', [{ entitlement, ledger: octoberPaidOld }]).map((line) => [
      line.kind,
      line.coversMonth,
      line.amount,
    ]),
  ).toEqual([
    ['base_level_back_pay', '2054-07', 80_000],
    ['base_level_back_pay', '2054-08', 80_000],
    ['base_level_back_pay', '2054-09', 80_000],
    ['base_level_back_pay', '2054-10', 80_000],
    ['monthly', '2054-11', 1_080_000],
  ]);
  // Once issued, the back pay is not paid again.
  const after: EntitlementLedger = {
    lastCoveredMonth: '2054-10',
    issuedByMonth: new Map(
      [...CHANGE_07_TO_09.map((row) => row.month), '2054-10'].map((month) => [month, 1_080_000]),
    ),
    oneOffIssued: false,
  };
  expect(totalOf(build('2054-11', [{ entitlement, ledger: after }]))).toBe(1_080_000);
});

test('a first payment across a base-level change: old amount before it, new amount from it, no double back pay', () => {
  const entitlement = monthly('C', {
    startMonth: '2054-05',
    monthlyAmount: 1_080_000,
    baseLevelChanges: CHANGE_07_TO_09,
  });
  const lines = build('2054-10', [{ entitlement, ledger: NOTHING_ISSUED }]);
  expect(lines.map((line) => [line.kind, line.coversMonth, line.amount])).toEqual([
    ['arrears', '2054-05', 1_000_000],
    ['arrears', '2054-06', 1_000_000],
    ['arrears', '2054-07', 1_080_000],
    ['arrears', '2054-08', 1_080_000],
    ['arrears', '2054-09', 1_080_000],
    ['monthly', '2054-10', 1_080_000],
  ]);
  // 2 × 1.000.000 + 4 × 1.080.000
  expect(totalOf(lines)).toBe(6_320_000);
});

test('payment stops the month after the event: an ended entitlement is owed through its end month only', () => {
  const entitlement = monthly('D', { status: 'terminated', endedOn: '2054-02-14' });
  const ledger = { ...NOTHING_ISSUED, lastCoveredMonth: '2054-01' };
  expect(build('2054-03', [{ entitlement, ledger }])).toEqual([
    { dossierCode: 'D', kind: 'arrears', coversMonth: '2054-02', amount: 1_000_000 },
  ]);
  // Terminated without a date (an old row): nothing.
  expect(build('2054-03', [{ entitlement: monthly('D', { status: 'terminated' }), ledger }])).toEqual([]);
});

test('a suspended entitlement gets nothing new and its unpaid lines are not issued again', () => {
  const entitlement = monthly('E', { status: 'suspended' });
  const lines = build(
    '2054-05',
    [{ entitlement, ledger: { ...NOTHING_ISSUED, lastCoveredMonth: '2054-04' } }],
    [{ lineId: 9, dossierCode: 'E', coversMonth: '2054-04', amount: 1_000_000 }],
  );
  expect(lines).toEqual([]);
});

test('terminating a suspended allowance pays no suspended month as arrears and issues no unpaid line again', () => {
  // 02–04 uncollected: suspended from 05 (the May list was already built); terminated 3 months later, 01/08.
  const entitlement = monthly('S', {
    status: 'terminated',
    endedOn: '2054-08-01',
    suspendedFromMonth: '2054-05',
  });
  const lines = build(
    '2054-09',
    [{ entitlement, ledger: { ...NOTHING_ISSUED, lastCoveredMonth: '2054-05' } }],
    [
      { lineId: 2, dossierCode: 'S', coversMonth: '2054-02', amount: 1_000_000 },
      { lineId: 3, dossierCode: 'S', coversMonth: '2054-03', amount: 1_000_000 },
      { lineId: 4, dossierCode: 'S', coversMonth: '2054-04', amount: 1_000_000 },
    ],
  );
  expect(lines).toEqual([]);
  // Suspended from 05 but nothing issued since 02: 02–04 are owed, 05 on are not.
  expect(
    build('2054-09', [{ entitlement, ledger: { ...NOTHING_ISSUED, lastCoveredMonth: '2054-01' } }]),
  ).toEqual(
    ['2054-02', '2054-03', '2054-04'].map((coversMonth) => ({
      dossierCode: 'S',
      kind: 'arrears',
      coversMonth,
      amount: 1_000_000,
    })),
  );
  // A suspension lifted (the entitlement active again) stops nothing.
  const lifted = monthly('S', { suspendedFromMonth: '2054-05' });
  expect(
    build('2054-06', [{ entitlement: lifted, ledger: { ...NOTHING_ISSUED, lastCoveredMonth: '2054-05' } }]),
  ).toEqual([{ dossierCode: 'S', kind: 'monthly', coversMonth: '2054-06', amount: 1_000_000 }]);
});

test('an allowance ended by a death or a relocation still issues again an unpaid line of a month it was owed', () => {
  // Died on 14/02: February is owed; the February line was not collected, the January one was.
  const entitlement = monthly('T', { status: 'terminated', endedOn: '2054-02-14' });
  const lines = build(
    '2054-04',
    [{ entitlement, ledger: { ...NOTHING_ISSUED, lastCoveredMonth: '2054-03' } }],
    [
      { lineId: 7, dossierCode: 'T', coversMonth: '2054-02', amount: 1_000_000 },
      { lineId: 8, dossierCode: 'T', coversMonth: '2054-03', amount: 1_000_000 },
    ],
  );
  expect(lines).toEqual([
    {
      dossierCode: 'T',
      kind: 'rolled_over',
      coversMonth: '2054-02',
      amount: 1_000_000,
      rollsOverLineId: 7,
    },
  ]);
  // Moved on 14/02 instead: the new commune counts March as issued by the old list, so the old one issues it again.
  const relocated = { ...entitlement, continuedBy: 'T2' };
  expect(
    build(
      '2054-04',
      [{ entitlement: relocated, ledger: { ...NOTHING_ISSUED, lastCoveredMonth: '2054-03' } }],
      [{ lineId: 8, dossierCode: 'T', coversMonth: '2054-03', amount: 1_000_000 }],
    ),
  ).toEqual([
    {
      dossierCode: 'T',
      kind: 'rolled_over',
      coversMonth: '2054-03',
      amount: 1_000_000,
      rollsOverLineId: 8,
    },
  ]);
});

test('a line the payer could not pay is issued again; a one-off amount once', () => {
  const funeral: PayrollEntitlement = {
    ...monthly('F'),
    kind: 'one_off',
    monthlyAmount: null,
    oneOffAmount: 10_000_000,
    startMonth: null,
  };
  const lines = build(
    '2054-05',
    [
      { entitlement: monthly('G'), ledger: { ...NOTHING_ISSUED, lastCoveredMonth: '2054-04' } },
      { entitlement: funeral, ledger: NOTHING_ISSUED },
    ],
    [{ lineId: 7, dossierCode: 'G', coversMonth: '2054-04', amount: 1_000_000 }],
  );
  expect(lines).toEqual([
    { dossierCode: 'F', kind: 'one_off', coversMonth: '2054-05', amount: 10_000_000 },
    { dossierCode: 'G', kind: 'rolled_over', coversMonth: '2054-04', amount: 1_000_000, rollsOverLineId: 7 },
    { dossierCode: 'G', kind: 'monthly', coversMonth: '2054-05', amount: 1_000_000 },
  ]);
  expect(totalOf(lines)).toBe(12_000_000);
  expect(
    build('2054-06', [{ entitlement: funeral, ledger: { ...NOTHING_ISSUED, oneOffIssued: true } }]),
  ).toEqual([]);
});

describe('monthlyAmountFor', () => {
  const twoChanges = monthly('H', {
    monthlyAmount: 1_200_000,
    baseLevelChanges: [
      ...CHANGE_07_TO_09,
      { month: '2055-01', proposalId: 6, previousAmount: 1_080_000, newAmount: 1_200_000 },
    ],
  });
  test.each([
    ['2054-06', 1_000_000],
    ['2054-07', 1_080_000],
    ['2054-12', 1_080_000],
    ['2055-01', 1_200_000],
    ['2055-02', 1_200_000],
  ])('%s pays %i đ', (month, amount) => {
    expect(monthlyAmountFor({ ...twoChanges, startMonth: '2054-01', monthlyAmount: 1_200_000 }, month)).toBe(
      amount,
    );
  });
  test('without base-level changes, the amount in force', () => {
    expect(
      monthlyAmountFor({ ...monthly('I'), startMonth: '2054-01', monthlyAmount: 750_000 }, '2054-01'),
    ).toBe(750_000);
  });
});

describe('an adjustment (migration 890) and a base level in one list', () => {
  // 1,000,000 đ from 2054-01; base level to 1,080,000 from 2054-07 (confirmed late); adjusted to 1,500,000 from
  // 2054-09, decided after 09 and 10 were paid at 1,080,000.
  const entitlement = monthly('J', {
    monthlyAmount: 1_080_000,
    baseLevelChanges: CHANGE_07_TO_09,
    amountChanges: [{ fromMonth: '2054-09', monthlyAmount: 1_500_000 }],
  });
  test('the adjusted amount wins from its month; earlier months keep the base level’s', () => {
    const months = { ...entitlement, startMonth: '2054-01', monthlyAmount: 1_080_000 };
    expect(
      ['2054-06', '2054-07', '2054-08', '2054-09', '2054-12'].map((m) => monthlyAmountFor(months, m)),
    ).toEqual([1_000_000, 1_080_000, 1_080_000, 1_500_000, 1_500_000]);
  });
  test('months paid at the old amount get the difference as back pay, the list month the new amount', () => {
    const issuedByMonth = new Map([
      ['2054-07', 1_080_000],
      ['2054-08', 1_080_000],
      ['2054-09', 1_080_000],
      ['2054-10', 1_080_000],
    ]);
    const lines = build('2054-11', [
      { entitlement, ledger: { ...NOTHING_ISSUED, lastCoveredMonth: '2054-10', issuedByMonth } },
    ]);
    expect(lines).toEqual([
      { dossierCode: 'J', kind: 'base_level_back_pay', coversMonth: '2054-09', amount: 420_000 },
      { dossierCode: 'J', kind: 'base_level_back_pay', coversMonth: '2054-10', amount: 420_000 },
      { dossierCode: 'J', kind: 'monthly', coversMonth: '2054-11', amount: 1_500_000 },
    ]);
  });
});
