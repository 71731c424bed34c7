/**
 * GET /api/dossiers: officers search their units' dossiers in the read model — names without diacritics,
 * code prefixes, ID digits only for the roles that see ID numbers, dates, status, pages of 20.
 */
import type { ErrorBody } from './harness';
import { startTestApi, type TestApi } from './harness';

interface SearchBody {
  dossiers: Array<{ code: string; beneficiaryName: string; statusText: string; receivedOn: string }>;
  page: number;
  hasNextPage: boolean;
}

let api: TestApi;
let communeOfficer: string;
let districtOfficer: string;
let chairman: string;

async function insertDossier(
  code: string,
  values: { commune: string; beneficiary: string; receivedOn: string; status?: string; idNumber?: string },
) {
  const application = {
    applicant: { fullName: 'Người Nộp', idNumber: '075185000123', phone: '0912345678' },
    beneficiary: {
      fullName: values.beneficiary,
      idNumber: values.idNumber ?? '075041000456',
      hivStatus: true,
    },
  };
  await api.db.pool.query(
    `INSERT INTO dossiers (code, procedure_id, procedure_version, procedure_title, tier, channel, status,
                           commune_code, district_code, province_code, applicant_name, applicant_phone,
                           beneficiary_name, application, received_at, received_on)
     VALUES ($1, 'monthly-allowance', 2, 'Thực hiện trợ cấp xã hội hằng tháng', 'two-tier', 'walk_in', $2,
             $3, '737', '75', 'Người Nộp', '0912345678', $4, $5, now(), $6)`,
    [
      code,
      values.status ?? 'in_progress',
      values.commune,
      values.beneficiary,
      application,
      values.receivedOn,
    ],
  );
}

const search = (token: string, query: string) =>
  api.request<SearchBody & ErrorBody>('GET', `/api/dossiers?${query}`, { token });
const names = (body: SearchBody) => body.dossiers.map((dossier) => dossier.beneficiaryName);

beforeAll(async () => {
  api = await startTestApi();
  await insertDossier('26170-541201-0001', {
    commune: '26170',
    beneficiary: 'Trần Văn Bảy',
    receivedOn: '2054-12-01',
  });
  await insertDossier('26170-541202-0001', {
    commune: '26170',
    beneficiary: 'Nguyễn Thị Đào',
    receivedOn: '2054-12-02',
    status: 'completed',
    idNumber: '075190009999',
  });
  await insertDossier('26173-541201-0001', {
    commune: '26173',
    beneficiary: 'Lê Văn Bảy',
    receivedOn: '2054-12-01',
  });
  [communeOfficer, districtOfficer, chairman] = await Promise.all([
    api.login('commune_officer.26170'),
    api.login('district_officer.737'),
    api.login('commune_chairman.26170'),
  ]);
});
afterAll(() => api.close());

test('names match without diacritics, within the caller’s units only', async () => {
  expect(names((await search(communeOfficer, 'name=tran%20van%20bay')).body)).toEqual(['Trần Văn Bảy']);
  expect(names((await search(communeOfficer, 'name=b%E1%BA%A3y')).body)).toEqual(['Trần Văn Bảy']); // "bảy"
  expect(names((await search(communeOfficer, 'name=dao')).body)).toEqual(['Nguyễn Thị Đào']);
  // The district officer reads both communes of the district.
  expect(names((await search(districtOfficer, 'name=bay')).body).sort()).toEqual([
    'Lê Văn Bảy',
    'Trần Văn Bảy',
  ]);
});

test('code prefix, status, received dates; newest first', async () => {
  expect(names((await search(communeOfficer, 'code=26170-5412')).body)).toEqual([
    'Nguyễn Thị Đào',
    'Trần Văn Bảy',
  ]);
  expect(names((await search(communeOfficer, 'status=completed')).body)).toEqual(['Nguyễn Thị Đào']);
  const range = await search(districtOfficer, 'receivedFrom=2054-12-01&receivedTo=2054-12-01');
  expect(names(range.body).sort()).toEqual(['Lê Văn Bảy', 'Trần Văn Bảy']);
  expect(range.body.dossiers[0]?.statusText).toBe('Đang giải quyết');
});

test('ID digits: the commune officer may search by them; a chairman gets a field error', async () => {
  expect(names((await search(communeOfficer, 'idDigits=9999')).body)).toEqual(['Nguyễn Thị Đào']);
  const refused = await search(chairman, 'idDigits=9999');
  expect(refused.status).toBe(400);
  expect(refused.body.fieldErrors).toEqual([
    { path: 'query.idDigits', message: 'Vai trò của bạn không được tìm hồ sơ theo số định danh cá nhân' },
  ]);
});

test('answers never carry ID numbers or HIV status', async () => {
  const response = await search(communeOfficer, 'name=dao');
  const text = JSON.stringify(response.body);
  expect(text).not.toContain('075190009999');
  expect(text).not.toContain('hivStatus');
});

test('bad filters are 400 with the field named; LIKE wildcards are taken literally', async () => {
  const reversed = await search(communeOfficer, 'receivedFrom=2054-12-02&receivedTo=2054-12-01');
  expect(reversed.status).toBe(400);
  expect(reversed.body.fieldErrors?.[0]).toMatchObject({
    path: 'query.receivedTo',
    message: 'Ngày cuối không được trước ngày đầu',
  });
  expect((await search(communeOfficer, 'receivedFrom=2054-02-30')).status).toBe(400);
  expect(names((await search(communeOfficer, 'name=%25%25')).body)).toEqual([]);
});

test('pages of 20', async () => {
  for (let n = 2; n <= 25; n += 1) {
    await insertDossier(`26170-541203-${String(n).padStart(4, '0')}`, {
      commune: '26170',
      beneficiary: `Người thứ ${n}`,
      receivedOn: '2054-12-03',
    });
  }
  const first = await search(communeOfficer, 'name=nguoi%20thu');
  expect(first.body.dossiers).toHaveLength(20);
  expect(first.body.hasNextPage).toBe(true);
  const second = await search(communeOfficer, 'name=nguoi%20thu&page=2');
  expect(second.body.dossiers).toHaveLength(4);
  expect(second.body.hasNextPage).toBe(false);
});
