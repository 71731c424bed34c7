import { onTimeStatus, openStepStatus } from '../../domain/legal-time';

describe('a step against its due date', () => {
  test('done: early, on the day, late', () => {
    expect(onTimeStatus('2054-12-01', '2054-12-02')).toBe('Trước hạn');
    expect(onTimeStatus('2054-12-02', '2054-12-02')).toBe('Đúng hạn');
    expect(onTimeStatus('2054-12-03', '2054-12-02')).toBe('Quá hạn');
  });

  test('unfinished: within its time up to and on its due date, never "early"', () => {
    expect(openStepStatus('2054-12-01', '2054-12-02')).toBe('Còn hạn');
    expect(openStepStatus('2054-12-02', '2054-12-02')).toBe('Còn hạn');
    expect(openStepStatus('2054-12-03', '2054-12-02')).toBe('Quá hạn');
  });
});
