/**
 * Expired sessions do not pile up: the API process deletes them periodically (and a login deletes its user's
 * own expired ones, cheaply, on the user's index). A live session is never touched.
 */
import { startSessionPurge } from '../../app/auth/session-purge';
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

test('the periodic purge deletes every expired session, keeps the live ones, and stops when told', async () => {
  const stale = await api.login('auditor.75');
  api.clock.advance(SESSION_TTL_MS + 1_000);
  const live = await api.login('admin.75');
  expect(await sessionsOf('auditor.75')).toEqual([{ expired: true }]);

  const purge = startSessionPurge({ pool: api.db.pool, now: () => api.clock.now }, 20);
  try {
    await waitFor(async () => (await sessionsOf('auditor.75')).length === 0);
  } finally {
    purge.stop();
  }
  expect(await sessionsOf('admin.75')).toContainEqual({ expired: false });
  expect((await api.request('GET', '/api/auth/me', { token: live })).status).toBe(200);
  expect((await api.request('GET', '/api/auth/me', { token: stale })).status).toBe(401);

  // Stopped: a session that expires afterwards stays until the next purge.
  api.clock.advance(SESSION_TTL_MS + 1_000);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await sessionsOf('admin.75')).toContainEqual({ expired: true });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
