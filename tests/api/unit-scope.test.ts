/**
 * Unit scope: the pure rule (unitScopeOf, canAccessUnit) and how the routes apply it — a commune officer
 * sees only their commune, a district its communes, a province admin or auditor the whole province.
 */
import { canAccessUnit, provinceOf, unitScopeOf, unitsInScope } from '../../app/auth/unit-scope';
import { startTestApi, type TestApi } from './harness';

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
    expect(all.body.users).toHaveLength(20);
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
