/** Admin endpoints for administrative units and users: success paths, conflicts, policy and role checks. */
import { startTestApi, type TestApi } from './harness';

interface Unit {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  placeName: string | null;
}
interface User {
  id: string;
  username: string;
  fullName: string;
  role: string;
  unitCode: string;
  active: boolean;
}

let api: TestApi;
let admin: string;
let auditor: string;
beforeAll(async () => {
  api = await startTestApi();
  admin = await api.login('admin.75');
  auditor = await api.login('auditor.75');
});
afterAll(() => api.close());

describe('POST /api/admin/units', () => {
  test('creates a district under the province and a commune under it', async () => {
    const district = await api.request<Unit>('POST', '/api/admin/units', {
      token: admin,
      json: { code: '740', name: 'Huyện Long Thành', parentCode: '75', placeName: 'Long Thành' },
    });
    expect(district.status).toBe(201);
    expect(district.body).toMatchObject({
      code: '740',
      level: 'district',
      parentCode: '75',
      placeName: 'Long Thành',
    });

    // A decomposed "ư" (u + combining horn) is stored composed (NFC).
    const decomposed = 'Xã Phước Thái'.normalize('NFD');
    const commune = await api.request<Unit>('POST', '/api/admin/units', {
      token: admin,
      json: { code: '26380', name: decomposed, parentCode: '740' },
    });
    expect(commune.status).toBe(201);
    expect(commune.body).toMatchObject({
      code: '26380',
      level: 'commune',
      parentCode: '740',
      placeName: null,
    });
    expect(commune.body.name).toBe('Xã Phước Thái'.normalize('NFC'));
  });

  test('a commune directly under the province (two-tier government) is allowed', async () => {
    const response = await api.request<Unit>('POST', '/api/admin/units', {
      token: admin,
      json: { code: '26500', name: 'Xã Long Phước', parentCode: '75' },
    });
    expect(response.status).toBe(201);
  });

  test('a taken code is 409 UNIT_EXISTS', async () => {
    const response = await api.request('POST', '/api/admin/units', {
      token: admin,
      json: { code: '731', name: 'Trùng mã', parentCode: '75' },
    });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ code: 'UNIT_EXISTS', message: 'Mã đơn vị 731 đã được sử dụng' });
  });

  test('a bad code, an unknown parent or a parent at the wrong level is 400', async () => {
    const badCode = await api.request('POST', '/api/admin/units', {
      token: admin,
      json: { code: '7311', name: 'Sai mã', parentCode: '75' },
    });
    expect(badCode.status).toBe(400);
    expect(badCode.body.fieldErrors?.[0]?.path).toBe('body.code');

    const unknownParent = await api.request('POST', '/api/admin/units', {
      token: admin,
      json: { code: '26999', name: 'Xã mới', parentCode: '999' },
    });
    expect(unknownParent.status).toBe(400);
    expect(unknownParent.body.fieldErrors).toEqual([
      { path: 'body.parentCode', message: 'Không có đơn vị hành chính với mã này' },
    ]);

    const districtUnderDistrict = await api.request('POST', '/api/admin/units', {
      token: admin,
      json: { code: '741', name: 'Huyện sai cấp', parentCode: '731' },
    });
    expect(districtUnderDistrict.status).toBe(400);
    expect(districtUnderDistrict.body.fieldErrors).toEqual([
      { path: 'body.parentCode', message: 'Đơn vị cấp huyện không thể trực thuộc đơn vị cấp huyện' },
    ]);

    const communeUnderCommune = await api.request('POST', '/api/admin/units', {
      token: admin,
      json: { code: '26998', name: 'Xã sai cấp', parentCode: '26170' },
    });
    expect(communeUnderCommune.status).toBe(400);

    // A district abolished by the two-tier reform (01/07/2025) takes no new commune: nothing is stored.
    const underAbolished = await api.request('POST', '/api/admin/units', {
      token: admin,
      json: { code: '26996', name: 'Xã dưới huyện cũ', parentCode: '737' },
    });
    expect(underAbolished.status).toBe(400);
    expect(underAbolished.body.fieldErrors).toEqual([
      {
        path: 'body.parentCode',
        message: 'Huyện Trảng Bom không còn hiệu lực từ 01/07/2025: chọn đơn vị cấp trên đang hoạt động',
      },
    ]);
    expect((await api.request('GET', '/api/admin/units/26996', { token: admin })).status).toBe(404);

    const empty = await api.request('POST', '/api/admin/units', {
      token: admin,
      json: { code: '26997', name: '   ', parentCode: '731' },
    });
    expect(empty.body.fieldErrors).toEqual([{ path: 'body.name', message: 'Không được để trống' }]);
  });

  test('only admins create units: auditor and officers get 403', async () => {
    for (const token of [auditor, await api.login('district_chairman.731')]) {
      const response = await api.request('POST', '/api/admin/units', {
        token,
        json: { code: '742', name: 'Huyện Nhơn Trạch', parentCode: '75' },
      });
      expect(response.status).toBe(403);
    }
  });
});

describe('users', () => {
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    username: 'can.bo.moi',
    fullName: 'Nguyễn Thị Thu Trang',
    password: 'mat-khau-ban-dau',
    role: 'commune_officer',
    unitCode: '25993',
    ...overrides,
  });

  test('an admin creates a user who can then log in', async () => {
    const created = await api.request<User>('POST', '/api/admin/users', { token: admin, json: newUser() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'can.bo.moi',
      role: 'commune_officer',
      unitCode: '25993',
      active: true,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/password|argon/i);
    await expect(api.login('can.bo.moi', 'mat-khau-ban-dau')).resolves.toEqual(expect.any(String));
  });

  test('a taken username is 409 USERNAME_TAKEN, whatever its case', async () => {
    const response = await api.request('POST', '/api/admin/users', {
      token: admin,
      json: newUser({ username: 'Can.Bo.Moi', unitCode: '26005' }),
    });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      code: 'USERNAME_TAKEN',
      message: 'Tên đăng nhập "can.bo.moi" đã được sử dụng',
    });
  });

  test('password policy: at least 10 characters', async () => {
    const response = await api.request('POST', '/api/admin/users', {
      token: admin,
      json: newUser({ username: 'mat.khau.ngan', password: 'ngan123' }),
    });
    expect(response.status).toBe(400);
    expect(response.body.fieldErrors).toEqual([
      { path: 'body.password', message: 'Mật khẩu phải có ít nhất 10 ký tự' },
    ]);
  });

  test('the role must fit the unit level', async () => {
    const districtRoleAtCommune = await api.request('POST', '/api/admin/users', {
      token: admin,
      json: newUser({ username: 'sai.cap.1', role: 'district_officer', unitCode: '26170' }),
    });
    expect(districtRoleAtCommune.status).toBe(400);
    expect(districtRoleAtCommune.body.fieldErrors).toEqual([
      {
        path: 'body.role',
        message: 'Vai trò district_officer chỉ gắn với đơn vị cấp huyện, đơn vị 26170 là cấp xã',
      },
    ]);
    const adminAtDistrict = await api.request('POST', '/api/admin/users', {
      token: admin,
      json: newUser({ username: 'sai.cap.2', role: 'admin', unitCode: '731' }),
    });
    expect(adminAtDistrict.status).toBe(400);
    const communeRoleAtProvince = await api.request('POST', '/api/admin/users', {
      token: admin,
      json: newUser({ username: 'sai.cap.3', role: 'commune_chairman', unitCode: '75' }),
    });
    expect(communeRoleAtProvince.status).toBe(400);
    const auditorAtProvince = await api.request('POST', '/api/admin/users', {
      token: admin,
      json: newUser({ username: 'kiem.toan.2', role: 'auditor', unitCode: '75' }),
    });
    expect(auditorAtProvince.status).toBe(201);
  });

  test('unknown unit, unknown role, bad username and unknown fields are 400', async () => {
    const unknownUnit = await api.request('POST', '/api/admin/users', {
      token: admin,
      json: newUser({ username: 'don.vi.la', unitCode: '99999' }),
    });
    expect(unknownUnit.body.fieldErrors).toEqual([
      { path: 'body.unitCode', message: 'Không có đơn vị hành chính với mã này' },
    ]);
    const badRole = await api.request('POST', '/api/admin/users', {
      token: admin,
      json: newUser({ username: 'vai.tro.la', role: 'mayor' }),
    });
    expect(badRole.body.fieldErrors?.[0]?.path).toBe('body.role');
    expect(badRole.body.fieldErrors?.[0]?.message).toMatch(/^Phải là một trong: "intake_clerk"/);
    const badName = await api.request('POST', '/api/admin/users', {
      token: admin,
      json: newUser({ username: 'có dấu' }),
    });
    expect(badName.body.fieldErrors?.[0]?.path).toBe('body.username');
    const extra = await api.request('POST', '/api/admin/users', {
      token: admin,
      json: newUser({ username: 'thua.truong', isAdmin: true }),
    });
    expect(extra.body.fieldErrors).toEqual([{ path: 'body.isAdmin', message: 'Trường không được phép' }]);
  });

  test('the auditor reads users but cannot create them', async () => {
    expect((await api.request('GET', '/api/admin/users', { token: auditor })).status).toBe(200);
    const response = await api.request('POST', '/api/admin/users', {
      token: auditor,
      json: newUser({ username: 'kiem.toan.tao' }),
    });
    expect(response.status).toBe(403);
  });

  test('list filters by unit, role and active', async () => {
    const byRole = await api.request<{ users: User[] }>('GET', '/api/admin/users?role=commune_chairman', {
      token: admin,
    });
    expect(byRole.body.users.map((user) => user.unitCode).sort()).toEqual([
      '25993',
      '26005',
      '26170',
      '26173',
    ]);
    const byUnit = await api.request<{ users: User[] }>('GET', '/api/admin/users?unitCode=731&active=true', {
      token: admin,
    });
    expect(byUnit.body.users.map((user) => user.role).sort()).toEqual([
      'district_chairman',
      'district_officer',
      'payment_officer',
    ]);
    const bad = await api.request('GET', '/api/admin/users?active=yes', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors).toEqual([{ path: 'query.active', message: 'Phải là true hoặc false' }]);
  });

  async function userId(username: string): Promise<string> {
    const list = await api.request<{ users: User[] }>('GET', '/api/admin/users', { token: admin });
    return list.body.users.find((user) => user.username === username)?.id as string;
  }

  test('deactivating a user ends their sessions and stops their logins', async () => {
    const token = await api.login('intake_clerk.26173');
    const id = await userId('intake_clerk.26173');
    const response = await api.request<User>('POST', `/api/admin/users/${id}/deactivate`, { token: admin });
    expect(response.status).toBe(200);
    expect(response.body.active).toBe(false);
    expect((await api.request('GET', '/api/auth/me', { token })).status).toBe(401);
    const login = await api.request('POST', '/api/auth/login', {
      json: { username: 'intake_clerk.26173', password: 'mat-khau-thu-nghiem-2026' },
    });
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('INVALID_CREDENTIALS');
    const inactive = await api.request<{ users: User[] }>('GET', '/api/admin/users?active=false', {
      token: admin,
    });
    expect(inactive.body.users.map((user) => user.username)).toEqual(['intake_clerk.26173']);
  });

  test('an admin cannot deactivate themselves; unknown ids are 404', async () => {
    const self = await api.request('POST', `/api/admin/users/${await userId('admin.75')}/deactivate`, {
      token: admin,
    });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('CANNOT_DEACTIVATE_SELF');
    const unknown = await api.request(
      'POST',
      '/api/admin/users/00000000-0000-4000-8000-000000000000/deactivate',
      { token: admin },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
  });

  test('resetting a password ends old sessions; the new password works, the old one not', async () => {
    const old = await api.login('commune_officer.26005');
    const id = await userId('commune_officer.26005');
    const tooShort = await api.request('POST', `/api/admin/users/${id}/password`, {
      token: admin,
      json: { password: 'ngan' },
    });
    expect(tooShort.status).toBe(400);
    const reset = await api.request('POST', `/api/admin/users/${id}/password`, {
      token: admin,
      json: { password: 'mat-khau-moi-2026' },
    });
    expect(reset.status).toBe(204);
    expect((await api.request('GET', '/api/auth/me', { token: old })).status).toBe(401);
    await expect(api.login('commune_officer.26005', 'mat-khau-moi-2026')).resolves.toEqual(
      expect.any(String),
    );
    await expect(api.login('commune_officer.26005')).rejects.toThrow(/401/);
  });

  test('officers cannot deactivate or reset anyone', async () => {
    const chairman = await api.login('commune_chairman.26170');
    const id = await userId('commune_officer.26170');
    expect((await api.request('POST', `/api/admin/users/${id}/deactivate`, { token: chairman })).status).toBe(
      403,
    );
    expect(
      (
        await api.request('POST', `/api/admin/users/${id}/password`, {
          token: chairman,
          json: { password: 'mat-khau-moi-2026' },
        })
      ).status,
    ).toBe(403);
  });
});
