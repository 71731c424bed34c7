/**
 * Unit scope: the pure rule (unitScopeOf, canAccessUnit) and how the routes apply it — a commune officer
 * sees only their commune, a district its communes, a province admin or auditor the whole province.
 */
import { canAccessUnit, provinceOf, unitScopeOf, unitsInScope } from '../../app/auth/unit-scope';
import { startTestApi, type ErrorBody, type TestApi } from './harness';

// Demo tree (runtime/seed.ts) plus a second province, and a two-tier commune directly under province 75.
const parents = new Map<string, string | undefined>([
  ['75', undefined],
  ['731', '75'],
  ['737', '75'],
  ['25993', '731'],
  ['26005', '731'],
  ['26170', '737'],
  ['26173', '737'],
  ['26999', '75'],
  ['79', undefined],
  ['760', '79'],
  ['26734', '760'],
]);

// Today's map (runtime/seed.ts): the communes hang under the province; districts 731 and 737 are abolished
// and remembered as the communes' former parents.
const todaysParents = new Map<string, string | undefined>([
  ['75', undefined],
  ['731', '75'],
  ['737', '75'],
  ['25993', '75'],
  ['26005', '75'],
  ['26170', '75'],
  ['26173', '75'],
  ['79', undefined],
  ['26734', '79'],
]);
const formerParents = new Map([
  ['25993', '731'],
  ['26005', '731'],
  ['26170', '737'],
  ['26173', '737'],
]);

describe('scope on today’s map: a former district keeps the communes it had (pure)', () => {
  test('a district user reaches the communes whose former parent it is, not the others', () => {
    const user = { role: 'district_officer', unitCode: '737' };
    expect(unitsInScope(user, todaysParents, formerParents).sort()).toEqual(['26170', '26173', '737']);
    expect(canAccessUnit(user, '25993', todaysParents, formerParents)).toBe(false);
    expect(canAccessUnit(user, '75', todaysParents, formerParents)).toBe(false);
    // Without the former links the district would have lost them: the link is what keeps the history.
    expect(unitsInScope(user, todaysParents)).toEqual(['737']);
  });

  test('commune and province users are unchanged; the province follows the current parent', () => {
    const commune = { role: 'commune_officer', unitCode: '26170' };
    expect(unitsInScope(commune, todaysParents, formerParents)).toEqual(['26170']);
    const admin = { role: 'admin', unitCode: '75' };
    expect(unitsInScope(admin, todaysParents, formerParents).sort()).toEqual([
      '25993',
      '26005',
      '26170',
      '26173',
      '731',
      '737',
      '75',
    ]);
    expect(canAccessUnit({ role: 'admin', unitCode: '79' }, '26170', todaysParents, formerParents)).toBe(
      false,
    );
    expect(provinceOf('26170', todaysParents)).toBe('75');
  });

  test('a former parent that is unknown, or a commune that is unknown, gives nothing', () => {
    const user = { role: 'district_officer', unitCode: '737' };
    expect(canAccessUnit(user, '26999', todaysParents, new Map([['26999', '737']]))).toBe(false);
    expect(
      canAccessUnit(user, '26734', todaysParents, new Map([['26734', '760']])), // 760 is not in the tree
    ).toBe(false);
  });
});

describe('unitScopeOf / canAccessUnit (pure)', () => {
  test('a commune user: only their commune', () => {
    const user = { role: 'commune_officer', unitCode: '26170' };
    expect(unitScopeOf(user)).toEqual({
      rootUnitCode: '26170',
      level: 'commune',
      includesDescendants: false,
    });
    expect(canAccessUnit(user, '26170', parents)).toBe(true);
    expect(canAccessUnit(user, '26173', parents)).toBe(false);
    expect(canAccessUnit(user, '737', parents)).toBe(false);
    expect(canAccessUnit(user, '75', parents)).toBe(false);
  });

  test('a district user: the district and its communes, not the neighbours', () => {
    const user = { role: 'district_chairman', unitCode: '737' };
    expect(unitScopeOf(user)).toEqual({ rootUnitCode: '737', level: 'district', includesDescendants: true });
    expect(unitsInScope(user, parents).sort()).toEqual(['26170', '26173', '737']);
    expect(canAccessUnit(user, '25993', parents)).toBe(false);
    expect(canAccessUnit(user, '731', parents)).toBe(false);
  });

  test('a province admin: everything in the province, nothing in another', () => {
    const user = { role: 'admin', unitCode: '75' };
    expect(unitsInScope(user, parents).sort()).toEqual([
      '25993',
      '26005',
      '26170',
      '26173',
      '26999',
      '731',
      '737',
      '75',
    ]);
    expect(canAccessUnit(user, '26734', parents)).toBe(false);
    expect(canAccessUnit(user, '79', parents)).toBe(false);
  });

  test('unknown units are out of scope, even the user’s own code when the tree does not know it', () => {
    expect(canAccessUnit({ role: 'admin', unitCode: '75' }, '99999', parents)).toBe(false);
    expect(canAccessUnit({ role: 'admin', unitCode: '01' }, '01', parents)).toBe(false);
  });

  test('a parent loop does not hang', () => {
    const loop = new Map<string, string | undefined>([
      ['111', '222'],
      ['222', '111'],
    ]);
    expect(canAccessUnit({ role: 'admin', unitCode: '75' }, '111', loop)).toBe(false);
  });

  test('provinceOf follows parent links', () => {
    expect(provinceOf('26173', parents)).toBe('75');
    expect(provinceOf('26734', parents)).toBe('79');
    expect(provinceOf('26999', parents)).toBe('75');
  });
});

interface UnitNode {
  code: string;
  children: UnitNode[];
}
interface UserList {
  users: Array<{ id: string; username: string; unitCode: string }>;
}

function codesOf(node: UnitNode): string[] {
  return [node.code, ...node.children.flatMap(codesOf)];
}

describe('scope applied by the routes', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  test('a three-tier dossier received before the reform in a former commune is still the district’s', async () => {
    // Received 20/06/2025 on the three-tier route: its district steps went to Huyện Trảng Bom (737), which
    // the reform abolished on 01/07/2025 while Xã Trảng Bom (26170) moved under the province.
    await api.db.pool.query(
      `INSERT INTO dossiers (code, procedure_id, procedure_version, procedure_title, tier, channel, status,
                             commune_code, district_code, province_code, applicant_name, applicant_phone,
                             beneficiary_name, application, received_at, received_on)
       VALUES ('26170-250620-0001', 'monthly-allowance', 1, 'Thực hiện trợ cấp xã hội hằng tháng',
               'three-tier', 'walk_in', 'in_progress', '26170', '737', '75', 'Người Nộp', '0912345678',
               'Lê Văn Ba', '{}', '2025-06-20T02:00:00Z', '2025-06-20')`,
    );
    const listed = async (username: string) =>
      (
        await api.request<{ dossiers: Array<{ code: string }> }>('GET', '/api/dossiers?code=26170-250620', {
          token: await api.login(username),
        })
      ).body.dossiers.map((dossier) => dossier.code);
    expect(await listed('district_officer.737')).toEqual(['26170-250620-0001']);
    expect(await listed('district_chairman.737')).toEqual(['26170-250620-0001']);
    expect(await listed('commune_officer.26170')).toEqual(['26170-250620-0001']);
    // The other former district never had it.
    expect(await listed('district_officer.731')).toEqual([]);
    const other = await api.request<ErrorBody>('GET', '/api/dossiers/26170-250620-0001', {
      token: await api.login('district_officer.731'),
    });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('FORBIDDEN');
  });

  test('units: each caller gets the tree rooted at their own unit', async () => {
    const commune = await api.login('commune_officer.26170');
    const communeTree = await api.request<{ root: UnitNode }>('GET', '/api/admin/units', { token: commune });
    expect(codesOf(communeTree.body.root)).toEqual(['26170']);

    const district = await api.login('district_officer.737');
    const districtTree = await api.request<{ root: UnitNode }>('GET', '/api/admin/units', {
      token: district,
    });
    expect(codesOf(districtTree.body.root).sort()).toEqual(['26170', '26173', '737']);

    const auditor = await api.login('auditor.75');
    const provinceTree = await api.request<{ root: UnitNode }>('GET', '/api/admin/units', { token: auditor });
    expect(codesOf(provinceTree.body.root).sort()).toEqual([
      '25993',
      '26005',
      '26170',
      '26173',
      '731',
      '737',
      '75',
    ]);
  });

  test('units: a commune officer cannot read another commune; a district reads its communes only', async () => {
    const commune = await api.login('commune_officer.26170');
    expect((await api.request('GET', '/api/admin/units/26170', { token: commune })).status).toBe(200);
    const other = await api.request('GET', '/api/admin/units/26173', { token: commune });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('FORBIDDEN');
    expect((await api.request('GET', '/api/admin/units/737', { token: commune })).status).toBe(403);

    const district = await api.login('district_chairman.737');
    expect((await api.request('GET', '/api/admin/units/26173', { token: district })).status).toBe(200);
    expect((await api.request('GET', '/api/admin/units/25993', { token: district })).status).toBe(403);
    expect((await api.request('GET', '/api/admin/units/99999', { token: district })).status).toBe(404);
  });

  test('users: a commune officer sees the users of their commune only', async () => {
    const token = await api.login('commune_officer.26170');
    const list = await api.request<UserList>('GET', '/api/admin/users', { token });
    expect(list.status).toBe(200);
    expect(new Set(list.body.users.map((user) => user.unitCode))).toEqual(new Set(['26170']));
    expect(list.body.users.map((user) => user.username).sort()).toEqual([
      'commune_chairman.26170',
      'commune_officer.26170',
      'intake_clerk.26170',
      'payment_officer.26170',
    ]);
    expect((await api.request('GET', '/api/admin/users?unitCode=26173', { token })).status).toBe(403);
  });

  test('users: reading one user of another commune is 403, of one’s own commune 200', async () => {
    const admin = await api.login('admin.75');
    const all = await api.request<UserList>('GET', '/api/admin/users', { token: admin });
    const idOf = (username: string) =>
      all.body.users.find((user) => user.username === username)?.id as string;

    const commune = await api.login('commune_officer.26170');
    expect(
      (await api.request('GET', `/api/admin/users/${idOf('commune_chairman.26170')}`, { token: commune }))
        .status,
    ).toBe(200);
    const other = await api.request('GET', `/api/admin/users/${idOf('commune_chairman.26173')}`, {
      token: commune,
    });
    expect(other.status).toBe(403);
    expect(
      (await api.request('GET', `/api/admin/users/${idOf('district_officer.737')}`, { token: commune }))
        .status,
    ).toBe(403);

    const district = await api.login('district_officer.737');
    expect(
      (await api.request('GET', `/api/admin/users/${idOf('commune_chairman.26173')}`, { token: district }))
        .status,
    ).toBe(200);
    expect(
      (await api.request('GET', `/api/admin/users/${idOf('commune_chairman.25993')}`, { token: district }))
        .status,
    ).toBe(403);
  });

  test('users: a district sees its own users and its communes’, the admin the whole province', async () => {
    const district = await api.login('district_officer.731');
    const list = await api.request<UserList>('GET', '/api/admin/users', { token: district });
    expect(new Set(list.body.users.map((user) => user.unitCode))).toEqual(new Set(['731', '25993', '26005']));
    const admin = await api.login('admin.75');
    const all = await api.request<UserList>('GET', '/api/admin/users', { token: admin });
    expect(all.body.users).toHaveLength(24);
  });

  test('an admin cannot act on another province', async () => {
    await api.db.pool.query(
      `INSERT INTO administrative_units (code, name, level, parent_code) VALUES
         ('79', 'Thành phố Hồ Chí Minh', 'province', NULL), ('760', 'Quận 1', 'district', '79'),
         ('26734', 'Phường Bến Nghé', 'commune', '760')`,
    );
    const admin = await api.login('admin.75');
    const createUser = await api.request('POST', '/api/admin/users', {
      token: admin,
      json: {
        username: 'can.bo.ben.nghe',
        fullName: 'Lê Văn Tám',
        password: 'mat-khau-du-dai',
        role: 'commune_officer',
        unitCode: '26734',
      },
    });
    expect(createUser.status).toBe(403);
    const createUnit = await api.request('POST', '/api/admin/units', {
      token: admin,
      json: { code: '761', name: 'Quận 12', parentCode: '79' },
    });
    expect(createUnit.status).toBe(403);
    expect((await api.request('GET', '/api/admin/users?unitCode=26734', { token: admin })).status).toBe(403);
  });
});
