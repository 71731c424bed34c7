/**
 * POST /api/tasks/:id/reassign: a supervisor (the chairman of the task's unit, an admin in scope) takes a
 * claimed task from one officer and gives it to another of the task's role and unit, or releases it; and
 * deactivating a user releases every task they had claimed. On the real workflow.
 */
import { officerSession, hiddenValue } from '../helpers/forms';
import { DEMO_PASSWORD, type ErrorBody } from './harness';
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
  api = await startDossierApi({ pages: true });
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

test('on the dossier page the chairman sees who holds the task, releases it and gives it to an officer', async () => {
  const chairman = await officerSession(api.baseUrl, 'commune_chairman.26170', DEMO_PASSWORD);
  const page = await chairman.get(`/can-bo/ho-so/${code}`);
  expect(page.status).toBe(200);
  expect(page.html).toContain('Giao lại: Xét duyệt');
  expect(page.html).toContain('Đang do <strong>Phạm Thị Hai</strong> xử lý.');
  expect(page.html).toContain('<option value="">Thu hồi, để cán bộ khác nhận xử lý</option>');
  const firstId = await userId('commune_officer.26170');
  expect(page.html).toContain(`<option value="${firstId}">`);
  // The holder is not offered the task again; nor is anyone of another role.
  expect(page.html).not.toContain(`<option value="${secondOfficerId}">`);
  expect(page.html).not.toContain(`<option value="${await userId('commune_chairman.26170')}">`);

  const action = `/can-bo/ho-so/${code}/cong-viec/${taskId}/giao-lai`;
  const csrf = hiddenValue(page.html, '_csrf');
  const released = await chairman.post(action, new URLSearchParams({ _csrf: csrf, toUserId: '' }));
  expect(released).toMatchObject({ status: 303, location: `/can-bo/ho-so/${code}?xong=3` });
  expect(await claimedBy(taskId)).toBeNull();
  expect((await chairman.get(released.location!)).html).toContain('Đã thu hồi công việc');

  // A target of the wrong role: the page again, with the reason, and nothing changed.
  const wrong = await chairman.post(
    action,
    new URLSearchParams({ _csrf: csrf, toUserId: await userId('commune_chairman.26170') }),
  );
  expect(wrong.status).toBe(422);
  expect(wrong.html).toContain('Chỉ giao được cho cán bộ đang hoạt động');
  expect(await claimedBy(taskId)).toBeNull();

  const given = await chairman.post(action, new URLSearchParams({ _csrf: csrf, toUserId: secondOfficerId }));
  expect(given).toMatchObject({ status: 303, location: `/can-bo/ho-so/${code}?xong=2` });
  expect(await claimedBy(taskId)).toBe(secondOfficerId);

  // The officer sees no such section, and the route refuses them.
  const officer = await officerSession(api.baseUrl, 'commune_officer.26170', DEMO_PASSWORD);
  const theirs = await officer.get(`/can-bo/ho-so/${code}`);
  expect(theirs.html).not.toContain('Giao lại:');
  const refused = await officer.post(
    action,
    new URLSearchParams({ _csrf: hiddenValue(theirs.html, '_csrf'), toUserId: firstId }),
  );
  expect(refused.status).toBe(403);
  expect(await claimedBy(taskId)).toBe(secondOfficerId);
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
