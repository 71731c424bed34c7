/**
 * POST /api/tasks/:id/reassign: a supervisor (the chairman of the task's unit, an admin in scope) takes a
 * claimed task from one officer and gives it to another of the task's role and unit, or releases it; and
 * deactivating a user releases every task they had claimed. On the real workflow.
 */
import type { ErrorBody } from './harness';
import { eventually, openTaskId, receiveAtDesk, startDossierApi, type DossierApi } from './dossier-harness';

let api: DossierApi;
let code: string;
let taskId: string;
let secondOfficerId: string;

const claimedBy = async (id: string) =>
  (await api.db.pool.query<{ claimed_by: string | null }>('SELECT claimed_by FROM tasks WHERE id = $1', [id]))
    .rows[0]?.claimed_by;
const userId = async (username: string) =>
  (await api.db.pool.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]!
    .id;

beforeAll(async () => {
  api = await startDossierApi();
  await api.skipTo('2054-12-01', 9); // Tuesday
  code = await receiveAtDesk(api);
  taskId = await openTaskId(api, code, 'verification');
  const admin = await api.login('admin.75');
  const created = await api.request<{ id: string }>('POST', '/api/admin/users', {
    token: admin,
    json: {
      username: 'can-bo-hai.26170',
      fullName: 'Phạm Thị Hai',
      password: 'Mat-khau-rat-dai-2054',
      role: 'commune_officer',
      unitCode: '26170',
    },
  });
  expect(created.status).toBe(201);
  secondOfficerId = created.body.id;
});
afterAll(() => api?.stop());

const reassign = async (username: string, json: unknown, id = taskId) =>
  api.request<{ taskId: string; status: string } & ErrorBody>('POST', `/api/tasks/${id}/reassign`, {
    token: await api.login(username),
    json,
  });

test('the chairman of the unit gives a claimed task to another officer; the first can no longer act on it', async () => {
  const first = await api.login('commune_officer.26170');
  expect((await api.request('POST', `/api/tasks/${taskId}/claim`, { token: first })).status).toBe(200);
  expect(await claimedBy(taskId)).toBe(await userId('commune_officer.26170'));

  // Not a supervisor: the officer of the same unit, the chairman of another unit.
  const byOfficer = await reassign('commune_officer.26170', { toUserId: secondOfficerId });
  expect(byOfficer.status).toBe(403);
  expect((await reassign('commune_chairman.26173', { toUserId: secondOfficerId })).status).toBe(403);
  // Only to an active officer of the task's role and unit.
  const toChairman = await reassign('commune_chairman.26170', {
    toUserId: await userId('commune_chairman.26170'),
  });
  expect(toChairman.status).toBe(400);
  expect(toChairman.body.code).toBe('REASSIGN_TARGET_INVALID');

  const moved = await reassign('commune_chairman.26170', { toUserId: secondOfficerId });
  expect(moved.status).toBe(200);
  expect(moved.body).toMatchObject({ taskId, status: 'claimed' });
  expect(await claimedBy(taskId)).toBe(secondOfficerId);
  const refused = await api.request<ErrorBody>('POST', `/api/tasks/${taskId}/complete`, {
    token: first,
    json: { outcome: 'approve' },
  });
  expect(refused.status).toBe(409);
  expect(refused.body.code).toBe('TASK_CLAIMED_BY_OTHER');
  const { rows } = await api.db.pool.query(
    `SELECT actor, data FROM dossier_events WHERE dossier_code = $1 AND type = 'task_reassigned'`,
    [code],
  );
  expect(rows).toEqual([
    {
      actor: await userId('commune_chairman.26170'),
      data: { from: await userId('commune_officer.26170'), to: secondOfficerId },
    },
  ]);
});

test('deactivating the officer who holds a task releases it, so anyone of the role can take it', async () => {
  expect(await claimedBy(taskId)).toBe(secondOfficerId);
  const admin = await api.login('admin.75');
  const deactivated = await api.request('POST', `/api/admin/users/${secondOfficerId}/deactivate`, {
    token: admin,
  });
  expect(deactivated.status).toBe(200);
  await eventually(async () => ((await claimedBy(taskId)) === null ? true : undefined), 'the release');
  const first = await api.login('commune_officer.26170');
  const done = await api.request('POST', `/api/tasks/${taskId}/complete`, {
    token: first,
    json: { outcome: 'approve' },
  });
  expect(done.status).toBe(200);
});
