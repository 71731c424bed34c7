/** Suspension after three consecutive months uncollected (domain/payroll/suspension.ts). */
import { suspensionFrom } from '../../../domain/payroll/suspension';

test('three consecutive lists unpaid: suspended from the month after the third', () => {
  expect(
    suspensionFrom([
      { month: '2054-11', collected: false },
      { month: '2054-12', collected: false },
      { month: '2055-01', collected: false },
    ]),
  ).toBe('2055-02');
});

test('a paid month, a gap, or fewer than three months: not suspended', () => {
  expect(
    suspensionFrom([
      { month: '2054-11', collected: false },
      { month: '2054-12', collected: true },
      { month: '2055-01', collected: false },
    ]),
  ).toBeUndefined();
  expect(
    suspensionFrom([
      { month: '2054-10', collected: false },
      { month: '2054-12', collected: false },
      { month: '2055-01', collected: false },
    ]),
  ).toBeUndefined();
  expect(suspensionFrom([{ month: '2055-01', collected: false }])).toBeUndefined();
});
