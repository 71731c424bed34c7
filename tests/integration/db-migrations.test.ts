import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { migrateUp } from '../../db/migrate';

describe('database migrations on a real Postgres', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('applies every migration and a second run applies nothing', async () => {
    const { rows } = await db.pool.query('SELECT name FROM pgmigrations ORDER BY run_on, id');
    expect(rows.length).toBeGreaterThan(0);
    expect(await migrateUp(db.url)).toEqual([]);
  });

  it('processes starting together (an API and its workers) all start: each waits for the one migrating', async () => {
    const empty = await createTestDatabase({ migrated: false });
    try {
      const runs = await Promise.all([migrateUp(empty.url), migrateUp(empty.url), migrateUp(empty.url)]);
      const { rows } = await empty.pool.query<{ name: string }>('SELECT name FROM pgmigrations');
      // Every migration applied exactly once, by whichever process held the lock; the others found none left.
      expect(runs.flat().sort()).toEqual(rows.map((row) => row.name).sort());
      expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length);
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await empty.drop();
    }
  });

  it('stores Vietnamese text as UTF-8 unchanged', async () => {
    const note = 'Trợ giúp xã hội — Ủy ban nhân dân xã Phước Thiền';
    await db.pool.query('INSERT INTO runtime_probe (id, note) VALUES ($1, $2)', ['utf8', note]);
    const { rows } = await db.pool.query('SELECT note FROM runtime_probe WHERE id = $1', ['utf8']);
    expect(rows[0].note).toBe(note);
  });
});
