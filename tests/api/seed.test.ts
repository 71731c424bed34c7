/** The demo seed: consistent units and users, and a second run that changes nothing. */
import { levelOfUnitCode, roleFitsLevel, UserRoleSchema } from '../../app/auth/roles';
import { verifyPassword } from '../../app/auth/passwords';
import { describeSeedResult, DEMO_UNITS, seedDemoData } from '../../runtime/seed';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

test('creates the demo province, its districts and communes, and one user per role per unit', async () => {
  const result = await seedDemoData(db.pool);
  expect(result.unitsCreated).toEqual(DEMO_UNITS.map((unit) => unit.code));
  expect(result.usersCreated).toHaveLength(2 + 2 * 3 + 4 * 3);
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
