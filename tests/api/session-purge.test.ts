/**
 * Expired sessions do not pile up: the retention schedule deletes them (runtime/retention-schedule.ts), and a
 * login deletes its user's own expired ones, cheaply, on the user's index. A live session is never touched.
 */
import { createRetentionActivities } from '../../activities/retention';
import { SESSION_TTL_MS } from '../../app/auth/tokens';
import { startTestApi, type TestApi } from './harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function sessionsOf(username: string): Promise<Array<{ expired: boolean }>> {
  const { rows } = await api.db.pool.query<{ expired: boolean }>(
    `SELECT s.expires_at <= $2 AS expired FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE u.username = $1 ORDER BY s.created_at`,
    [username, api.clock.now],
  );
  return rows;
}

test('a login deletes its user’s expired sessions and keeps the live ones', async () => {
  await api.login('intake_clerk.26170');
  api.clock.advance(SESSION_TTL_MS + 1_000); // the first session has now expired
  await api.login('admin.75'); // another user's expired session is not this login's business
  expect(await sessionsOf('intake_clerk.26170')).toEqual([{ expired: true }]);

  await api.login('intake_clerk.26170');
  expect(await sessionsOf('intake_clerk.26170')).toEqual([{ expired: false }]);
});

test('the retention purge deletes every expired session and keeps the live ones', async () => {
  const stale = await api.login('auditor.75');
  api.clock.advance(SESSION_TTL_MS + 1_000);
  const live = await api.login('admin.75');
  expect(await sessionsOf('auditor.75')).toEqual([{ expired: true }]);

  const { purgeRetained } = createRetentionActivities(api.db.pool, () => api.clock.now);
  const counts = await purgeRetained({ idempotencyDays: 2, throttleDays: 1, outboxDays: 90 });

  expect(counts.sessions).toBeGreaterThanOrEqual(1);
  expect(await sessionsOf('auditor.75')).toEqual([]);
  expect(await sessionsOf('admin.75')).toContainEqual({ expired: false });
  expect((await api.request('GET', '/api/auth/me', { token: live })).status).toBe(200);
  expect((await api.request('GET', '/api/auth/me', { token: stale })).status).toBe(401);
});
