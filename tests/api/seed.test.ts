/** The demo seed: consistent units and users, and a second run that changes nothing. */
import { levelOfUnitCode, roleFitsLevel, UserRoleSchema } from '../../app/auth/roles';
import { verifyPassword } from '../../app/auth/passwords';
import { isUnitInForceOn } from '../../app/admin/units';
import { listUnits } from '../../db/units';
import { describeSeedResult, DEMO_UNITS, seedDemoData } from '../../runtime/seed';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

test('creates the demo province, its former districts and communes, and one user per role per unit', async () => {
  const result = await seedDemoData(db.pool);
  expect(result.unitsCreated).toEqual(DEMO_UNITS.map((unit) => unit.code));
  expect(result.usersCreated).toHaveLength(2 + 2 * 3 + 4 * 4);
  for (const unit of DEMO_UNITS) {
    expect(levelOfUnitCode(unit.code)).toBe(unit.level);
    expect(unit.name).toBe(unit.name.normalize('NFC'));
  }
  for (const user of result.usersCreated) {
    const unit = DEMO_UNITS.find((candidate) => candidate.code === user.unitCode);
    expect(unit && roleFitsLevel(UserRoleSchema.parse(user.role), unit.level)).toBe(true);
    expect(user.password.length).toBeGreaterThanOrEqual(10);
  }
  // Generated passwords differ per user and are stored only as argon2id hashes.
  expect(new Set(result.usersCreated.map((user) => user.password)).size).toBe(result.usersCreated.length);
  const { rows } = await db.pool.query<{ username: string; password_hash: string }>(
    'SELECT username, password_hash FROM users',
  );
  const first = result.usersCreated[0];
  const stored = rows.find((row) => row.username === first?.username);
  expect(stored && (await verifyPassword(stored.password_hash, first?.password as string))).toBe(true);
  expect(describeSeedResult(result, false).join('\n')).toContain(first?.password);
});

test('the seeded map is today’s: no district in force after 01/07/2025, every commune under the province', async () => {
  const units = await listUnits(db.pool);
  const province = units.find((unit) => unit.level === 'province');
  expect(province?.code).toBe('75');
  const districts = units.filter((unit) => unit.level === 'district');
  const communes = units.filter((unit) => unit.level === 'commune');
  expect(districts.map((unit) => unit.code)).toEqual(['731', '737']);
  expect(communes).toHaveLength(4);
  for (const day of ['2025-07-01', '2026-11-29', '2054-01-01']) {
    expect(
      units
        .filter((unit) => isUnitInForceOn(unit, day))
        .map((unit) => unit.level)
        .sort(),
    ).toEqual(['commune', 'commune', 'commune', 'commune', 'province']);
  }
  // The day before the reform the districts were still in force: the three-tier route's history.
  expect(districts.every((unit) => isUnitInForceOn(unit, '2025-06-30'))).toBe(true);
  for (const commune of communes) {
    expect({ commune: commune.code, parent: commune.parentCode }).toEqual({
      commune: commune.code,
      parent: '75',
    });
    expect(districts.map((unit) => unit.code)).toContain(commune.formerParentCode);
    // Today's names: no "thị trấn" (abolished with the districts), no unit named after a district.
    expect(commune.name).toMatch(/^(Xã|Phường) /);
  }
  expect(communes.find((unit) => unit.code === '26170')).toMatchObject({
    name: 'Xã Trảng Bom',
    formerParentCode: '737',
    abolishedOn: null,
  });
});

test('a second run changes nothing', async () => {
  const snapshot = async () =>
    (
      await db.pool.query('SELECT code, name, parent_code FROM administrative_units ORDER BY code')
    ).rows.concat(
      (
        await db.pool.query(
          'SELECT username, password_hash, role, unit_code, updated_at FROM users ORDER BY username',
        )
      ).rows,
    );
  const before = await snapshot();
  const again = await seedDemoData(db.pool, { password: 'mot-mat-khau-chung' });
  expect(again).toEqual({ unitsCreated: [], usersCreated: [] });
  expect(await snapshot()).toEqual(before);
  expect(describeSeedResult(again, true)).toContain('Nothing to create: the demo data is already there.');
});

test('SEED_PASSWORD shorter than the policy is refused', async () => {
  await expect(seedDemoData(db.pool, { password: 'ngan' })).rejects.toThrow(/at least 10/);
});
