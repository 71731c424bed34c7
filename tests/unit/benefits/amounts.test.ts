import {
  DEFAULT_BASE_LEVELS,
  baseLevelEntryOn,
  baseLevelOn,
  monthlyAmount,
  monthlyAmountOn,
  type BaseLevelEntry,
} from '../../../domain/benefits';
import { DomainError } from '../../../domain/domain-error';

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  return undefined;
}

describe('baseLevelOn', () => {
  it('is 360,000 from 2021-07-01 and 500,000 from 2024-07-01', () => {
    expect(baseLevelOn('2021-07-01')).toBe(360_000);
    expect(baseLevelOn('2024-06-30')).toBe(360_000);
    expect(baseLevelOn('2024-07-01')).toBe(500_000);
    expect(baseLevelOn('2030-01-01')).toBe(500_000);
    expect(baseLevelEntryOn('2024-07-01').legalBasis).toContain('76/2024');
  });

  it('does not seed the unverified 2026 level', () => {
    expect(DEFAULT_BASE_LEVELS.map((entry) => entry.amount)).not.toContain(540_000);
    expect(baseLevelOn('2026-07-01')).toBe(500_000);
  });

  it('fails before the first entry, saying when the first one starts', () => {
    let caught: unknown;
    try {
      baseLevelOn('2021-06-30');
    } catch (error) {
      caught = error;
    }
    expect((caught as DomainError).code).toBe('NO_BASE_LEVEL');
    expect((caught as DomainError).message).toContain('2021-07-01');
    expect((caught as DomainError).messageVi).toContain('2021-07-01');
    expect(errorCode(() => baseLevelOn('2025-01-01', []))).toBe('NO_BASE_LEVEL');
  });

  it('accepts an admin-extended table in any order', () => {
    const extended: BaseLevelEntry[] = [
      { effectiveFrom: '2026-07-01', amount: 540_000, legalBasis: 'test' },
      ...DEFAULT_BASE_LEVELS,
    ];
    expect(baseLevelOn('2026-06-30', extended)).toBe(500_000);
    expect(baseLevelOn('2026-07-01', extended)).toBe(540_000);
  });

  it('rejects broken tables and dates', () => {
    expect(
      errorCode(() =>
        baseLevelOn('2025-01-01', [{ effectiveFrom: '2021-07-01', amount: 1.5, legalBasis: 'x' }]),
      ),
    ).toBe('INVALID_BASE_LEVEL');
    expect(
      errorCode(() =>
        baseLevelOn('2025-01-01', [
          { effectiveFrom: '2021-07-01', amount: 1, legalBasis: 'x' },
          { effectiveFrom: '2021-07-01', amount: 2, legalBasis: 'y' },
        ]),
      ),
    ).toBe('DUPLICATE_BASE_LEVEL');
    expect(errorCode(() => baseLevelOn('2025-02-30'))).toBe('INVALID_DATE');
  });
});

describe('monthlyAmount', () => {
  it.each<[number, number, number]>([
    [360_000, 1.0, 360_000],
    [360_000, 1.5, 540_000],
    [360_000, 2.5, 900_000],
    [500_000, 1.5, 750_000],
    [500_000, 3.0, 1_500_000],
    [500_000, 3.5, 1_750_000],
  ])('%d × %d = %d', (baseLevel, coefficient, amount) => {
    expect(monthlyAmount({ baseLevel, coefficient })).toBe(amount);
  });

  it('rounds half up to the whole đồng', () => {
    expect(monthlyAmount({ baseLevel: 333_333, coefficient: 1.5 })).toBe(500_000); // 499,999.5
    expect(monthlyAmount({ baseLevel: 100_001, coefficient: 0.25 })).toBe(25_000); // 25,000.25
    expect(Number.isInteger(monthlyAmount({ baseLevel: 360_001, coefficient: 2.5 }))).toBe(true);
  });

  it('uses the base level in force on the date', () => {
    expect(monthlyAmountOn('2024-06-30', 1.5)).toBe(540_000);
    expect(monthlyAmountOn('2024-07-01', 1.5)).toBe(750_000);
  });

  it('rejects bad inputs', () => {
    expect(errorCode(() => monthlyAmount({ baseLevel: 360_000.5, coefficient: 1 }))).toBe(
      'INVALID_BASE_LEVEL',
    );
    expect(errorCode(() => monthlyAmount({ baseLevel: 0, coefficient: 1 }))).toBe('INVALID_BASE_LEVEL');
    expect(errorCode(() => monthlyAmount({ baseLevel: 360_000, coefficient: 0 }))).toBe(
      'INVALID_COEFFICIENT',
    );
    expect(errorCode(() => monthlyAmount({ baseLevel: 360_000, coefficient: 1.234 }))).toBe(
      'INVALID_COEFFICIENT',
    );
    expect(errorCode(() => monthlyAmount({ baseLevel: 360_000, coefficient: Number.NaN }))).toBe(
      'INVALID_COEFFICIENT',
    );
  });
});

describe('a base level that ends (effectiveTo, the last day in force)', () => {
  const table: BaseLevelEntry[] = [
    { effectiveFrom: '2021-07-01', amount: 360_000, legalBasis: 'A' },
    { effectiveFrom: '2024-07-01', amount: 500_000, legalBasis: 'B', effectiveTo: '2026-06-30' },
  ];

  it('applies through its last day and not after, until a later level starts', () => {
    expect(baseLevelOn('2026-06-30', table)).toBe(500_000);
    expect(errorCode(() => baseLevelOn('2026-07-01', table))).toBe('NO_BASE_LEVEL');
    const followed = [...table, { effectiveFrom: '2026-07-01', amount: 540_000, legalBasis: 'C' }];
    expect(baseLevelOn('2026-07-01', followed)).toBe(540_000);
  });

  it('cannot end before it starts', () => {
    expect(
      errorCode(() =>
        baseLevelOn('2025-01-01', [
          { effectiveFrom: '2024-07-01', amount: 500_000, legalBasis: 'B', effectiveTo: '2024-06-30' },
        ]),
      ),
    ).toBe('INVALID_BASE_LEVEL');
  });
});
