import { periodSpans } from '../../../domain/reports/period-spans';

describe('periodSpans', () => {
  test('cuts a period into days, months and years, each day in exactly one span', () => {
    expect(periodSpans('2050-03-15', '2054-07-20')).toEqual([
      { span: 'D', from: '2050-03-15', to: '2050-03-31' },
      { span: 'Q', from: '2050-04-01', to: '2050-04-01' },
      { span: 'H', from: '2050-07-01', to: '2050-07-01' },
      { span: 'Y', from: '2051-01-01', to: '2053-01-01' },
      { span: 'H', from: '2054-01-01', to: '2054-01-01' },
      { span: 'D', from: '2054-07-01', to: '2054-07-20' },
    ]);
  });

  test('a period inside one month is its days; a whole month or year is one span; February of a leap year', () => {
    expect(periodSpans('2055-03-05', '2055-03-20')).toEqual([
      { span: 'D', from: '2055-03-05', to: '2055-03-20' },
    ]);
    expect(periodSpans('2056-02-01', '2056-02-29')).toEqual([
      { span: 'M', from: '2056-02-01', to: '2056-02-01' },
    ]);
    expect(periodSpans('2055-01-01', '2055-12-31')).toEqual([
      { span: 'Y', from: '2055-01-01', to: '2055-01-01' },
    ]);
    expect(periodSpans('2056-02-01', '2056-02-28')).toEqual([
      { span: 'D', from: '2056-02-01', to: '2056-02-28' },
    ]);
    expect(periodSpans('2055-03-02', '2055-03-01')).toEqual([]);
    expect(periodSpans('2050-02-01', '2051-05-31')).toEqual([
      { span: 'M', from: '2050-02-01', to: '2050-03-01' },
      { span: 'Q', from: '2050-04-01', to: '2050-04-01' },
      { span: 'H', from: '2050-07-01', to: '2050-07-01' },
      { span: 'Q', from: '2051-01-01', to: '2051-01-01' },
      { span: 'M', from: '2051-04-01', to: '2051-05-01' },
    ]);
  });
});
