/** Base levels: the merged table (defaults + stored), adding one, and what the domain computes from it. */
import { baseLevelTable } from '../../db/base-levels';
import { baseLevelOn, DEFAULT_BASE_LEVELS, monthlyAmountOn } from '../../domain/base-level';
import { startTestApi, type TestApi } from './harness';

interface BaseLevel {
  effectiveFrom: string;
  amount: number;
  legalBasis: string;
  source: string;
  createdBy?: string;
}

let api: TestApi;
let admin: string;
beforeAll(async () => {
  api = await startTestApi();
  admin = await api.login('admin.75');
});
afterAll(() => api.close());

test('with nothing stored the table is the domain default', async () => {
  expect(await baseLevelTable(api.db.pool)).toEqual(DEFAULT_BASE_LEVELS);
  const officer = await api.login('commune_officer.26170');
  const response = await api.request<{ baseLevels: BaseLevel[] }>('GET', '/api/admin/base-levels', {
    token: officer,
  });
  expect(response.status).toBe(200);
  expect(response.body.baseLevels.map((level) => [level.effectiveFrom, level.amount, level.source])).toEqual([
    ['2021-07-01', 360000, 'default'],
    ['2024-07-01', 500000, 'default'],
  ]);
});

test('an admin adds a level; the domain then uses it from its date', async () => {
  const response = await api.request<BaseLevel>('POST', '/api/admin/base-levels', {
    token: admin,
    json: {
      effectiveFrom: '2026-07-01',
      amount: 540000,
      legalBasis: 'Nghị định số 335/2026/NĐ-CP (dữ liệu thử nghiệm)',
    },
  });
  expect(response.status).toBe(201);
  expect(response.body).toMatchObject({
    effectiveFrom: '2026-07-01',
    amount: 540000,
    source: 'stored',
    createdBy: 'admin.75',
  });
  const table = await baseLevelTable(api.db.pool);
  expect(baseLevelOn('2026-06-30', table)).toBe(500000);
  expect(baseLevelOn('2026-07-01', table)).toBe(540000);
  expect(monthlyAmountOn('2026-07-15', 1.5, table)).toBe(810000);
});

test('a stored level on a default’s day replaces it', async () => {
  const response = await api.request('POST', '/api/admin/base-levels', {
    token: admin,
    json: {
      effectiveFrom: '2024-07-01',
      amount: 500000,
      legalBasis: 'Nghị định số 76/2024/NĐ-CP ngày 01/7/2024',
    },
  });
  expect(response.status).toBe(201);
  const table = await baseLevelTable(api.db.pool);
  expect(table.map((entry) => entry.effectiveFrom)).toEqual(['2021-07-01', '2024-07-01', '2026-07-01']);
  expect(table[1]?.legalBasis).toBe('Nghị định số 76/2024/NĐ-CP ngày 01/7/2024');
});

test('a second stored level on the same day is 409 BASE_LEVEL_EXISTS', async () => {
  const response = await api.request('POST', '/api/admin/base-levels', {
    token: admin,
    json: { effectiveFrom: '2026-07-01', amount: 550000, legalBasis: 'Trùng ngày' },
  });
  expect(response.status).toBe(409);
  expect(response.body).toEqual({
    code: 'BASE_LEVEL_EXISTS',
    message: 'Đã có mức chuẩn áp dụng từ ngày 01/07/2026',
  });
});

test('amounts must be positive whole VND; dates real; legal basis present', async () => {
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{ amount: 540000.5 }, 'body.amount', 'Mức chuẩn phải là số nguyên (đồng)'],
    [{ amount: 0 }, 'body.amount', 'Mức chuẩn phải lớn hơn 0'],
    [{ amount: '540000' }, 'body.amount', 'Phải là số'],
    [{ effectiveFrom: '2027-02-29' }, 'body.effectiveFrom', 'Phải là ngày có thật, viết dạng YYYY-MM-DD'],
    [{ legalBasis: ' ' }, 'body.legalBasis', 'Không được để trống'],
  ];
  for (const [change, path, message] of cases) {
    const response = await api.request('POST', '/api/admin/base-levels', {
      token: admin,
      json: { effectiveFrom: '2027-01-01', amount: 600000, legalBasis: 'Nghị định thử nghiệm', ...change },
    });
    expect(response.status).toBe(400);
    expect(response.body.fieldErrors).toEqual([{ path, message }]);
  }
});

test('only admins add levels', async () => {
  const auditor = await api.login('auditor.75');
  const response = await api.request('POST', '/api/admin/base-levels', {
    token: auditor,
    json: { effectiveFrom: '2027-01-01', amount: 600000, legalBasis: 'Nghị định thử nghiệm' },
  });
  expect(response.status).toBe(403);
});
