/** Suspension after three consecutive months uncollected (domain/payroll/suspension.ts). */
import { remedyDateProblem, remedyDeadline, suspensionFrom } from '../../../domain/payroll/suspension';

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

describe('lifting a suspension within the 3 months', () => {
  test('the remedy deadline is the last day of the third month counted from the first month not paid', () => {
    expect(remedyDeadline('2055-01')).toBe('2055-03-31');
    expect(remedyDeadline('2054-12')).toBe('2055-02-28'); // across the year's end
    expect(remedyDeadline('2055-12')).toBe('2056-02-29'); // a leap year
  });

  test('a remedy after the deadline is refused as too late; after today or before the suspension as a field error', () => {
    const suspension = { suspendedFromMonth: '2055-01', suspendedOn: '2054-12-14' };
    expect(remedyDateProblem(suspension, '2055-03-31', '2055-04-02')).toBeUndefined();
    expect(remedyDateProblem(suspension, '2054-12-14', '2055-01-02')).toBeUndefined();
    expect(remedyDateProblem(suspension, '2055-04-01', '2055-04-02')).toEqual({
      code: 'SUSPENSION_REMEDY_TOO_LATE',
      message:
        'Đã quá 3 tháng kể từ khi tạm dừng (hạn khắc phục là ngày 31/03/2055): lập hồ sơ thôi hưởng với lý ' +
        'do không khắc phục được lý do tạm dừng',
    });
    expect(remedyDateProblem(suspension, '2055-01-03', '2055-01-02')?.code).toBe('VALIDATION_FAILED');
    expect(remedyDateProblem(suspension, '2054-12-13', '2055-01-02')).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Không được trước ngày tạm dừng chi trả (14/12/2054)',
    });
  });
});
