/** Where a province's scheduled run resumes after continuing as new (domain/payroll/communes.ts). */
import { communesAfter } from '../../../domain/payroll/communes';

// The first segment built 25993 and 26005; the next segment reads the communes with entitlements again.
const LAST_BUILT = '26005';

test('the run resumes after the last commune code built', () => {
  expect(communesAfter(['25993', '26005', '26170', '26173'], LAST_BUILT)).toEqual(['26170', '26173']);
  expect(communesAfter(['25993', '26005'], LAST_BUILT)).toEqual([]);
});

test('a commune listed anew in between: none built twice (by position, 26005 would be)', () => {
  const now = ['25993', '26000', '26005', '26170', '26173'];
  expect(communesAfter(now, LAST_BUILT)).toEqual(['26170', '26173']);
  expect(now.slice(2)).toEqual(['26005', '26170', '26173']);
});

test('a commune no longer listed in between: none skipped (by position, 26170 would be)', () => {
  const now = ['26005', '26170', '26173'];
  expect(communesAfter(now, LAST_BUILT)).toEqual(['26170', '26173']);
  expect(now.slice(2)).toEqual(['26173']);
});
