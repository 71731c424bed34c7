/** Arrears after a late base level: which months, at which amounts (domain/base-level-arrears.ts). */
import {
  baseLevelArrears,
  DEFAULT_BASE_LEVELS,
  nextMonth,
  type BaseLevelEntry,
} from '../../../domain/benefits';

const WITH_540: readonly BaseLevelEntry[] = [
  ...DEFAULT_BASE_LEVELS,
  { effectiveFrom: '2026-07-01', amount: 540_000, legalBasis: 'Nghị định số 335/2026/NĐ-CP' },
];

test('each month from the effective month through the given month, at the difference', () => {
  const months = baseLevelArrears({
    coefficient: 1.5,
    startMonth: '2025-03',
    effectiveFrom: '2026-07-01',
    throughMonth: '2026-11',
    tableBefore: DEFAULT_BASE_LEVELS,
    tableAfter: WITH_540,
  });
  expect(months.map((month) => month.month)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
  expect(months[0]).toEqual({
    month: '2026-07',
    previousAmount: 750_000,
    newAmount: 810_000,
    amount: 60_000,
  });
  expect(months.reduce((sum, month) => sum + month.amount, 0)).toBe(300_000);
});

test('an entitlement starting later owes only from its first month; one starting after the given month, nothing', () => {
  const common = {
    coefficient: 2,
    effectiveFrom: '2026-07-01',
    tableBefore: DEFAULT_BASE_LEVELS,
    tableAfter: WITH_540,
  };
  expect(baseLevelArrears({ ...common, startMonth: '2026-10', throughMonth: '2026-11' }).length).toBe(2);
  expect(baseLevelArrears({ ...common, startMonth: '2026-12', throughMonth: '2026-11' })).toEqual([]);
});

test('a level from the 15th applies from the next month: a month is paid at the level of its first day', () => {
  const midMonth = [
    ...DEFAULT_BASE_LEVELS,
    { effectiveFrom: '2026-07-15', amount: 540_000, legalBasis: 'x' },
  ];
  const months = baseLevelArrears({
    coefficient: 1,
    startMonth: '2024-07',
    effectiveFrom: '2026-07-15',
    throughMonth: '2026-08',
    tableBefore: DEFAULT_BASE_LEVELS,
    tableAfter: midMonth,
  });
  expect(months).toEqual([{ month: '2026-08', previousAmount: 500_000, newAmount: 540_000, amount: 40_000 }]);
});

test('a later level already known keeps its months: nothing owed for them', () => {
  const later = { effectiveFrom: '2026-10-01', amount: 600_000, legalBasis: 'y' };
  const months = baseLevelArrears({
    coefficient: 1,
    startMonth: '2024-07',
    effectiveFrom: '2026-07-01',
    throughMonth: '2026-11',
    tableBefore: [...DEFAULT_BASE_LEVELS, later],
    tableAfter: [...WITH_540, later],
  });
  expect(months.map((month) => month.month)).toEqual(['2026-07', '2026-08', '2026-09']);
});

test('months roll over the year', () => {
  expect(nextMonth('2026-12')).toBe('2027-01');
  expect(nextMonth('2026-09')).toBe('2026-10');
});
