/**
 * POST /api/postings/:code/complaints: anyone may object while a dossier's public posting is open — no
 * second factor, a name and a phone number instead, a limit per client address — on the real workflow.
 */
import type { ErrorBody } from './harness';
import { eventually, openTaskId, receiveAtDesk, startDossierApi, type DossierApi } from './dossier-harness';

const NEIGHBOUR = '203.0.113.50';

let api: DossierApi;
let code: string;

beforeAll(async () => {
  api = await startDossierApi({ deps: { trustProxy: true } });
  await api.skipTo('2054-12-01', 9); // Tuesday
  code = await receiveAtDesk(api);
  await openTaskId(api, code, 'verification');
});
afterAll(() => api?.stop());

const complain = (json: unknown, options: { address?: string; dossier?: string } = {}) =>
  api.request<{ accepted: boolean; id: string; message: string } & ErrorBody>(
    'POST',
    `/api/postings/${options.dossier ?? code}/complaints`,
    { json, headers: { 'x-forwarded-for': options.address ?? NEIGHBOUR } },
  );

const objection = (
  complaintId: string,
  content = 'Ông Bảy có con trai đang nuôi dưỡng, đề nghị xác minh lại',
) => ({
  complaintId,
  complainant: 'Lê Văn Tư',
  phone: '0987 654 321',
  content,
});

async function complaintEvents(): Promise<Array<Record<string, unknown>>> {
  const { rows } = await api.db.pool.query<{ data: Record<string, unknown> }>(
    `SELECT data FROM dossier_events WHERE dossier_code = $1 AND type = 'complaint_filed' ORDER BY seq`,
    [code],
  );
  return rows.map((row) => row.data);
}

test('before the posting: 409 NOT_IN_POSTING, and the same for a code that names no dossier', async () => {
  const early = await complain(objection('phan-doi-0000'));
  expect(early.status).toBe(409);
  expect(early.body).toEqual({
    code: 'NOT_IN_POSTING',
    message: 'Hồ sơ hiện không trong thời gian niêm yết công khai, không thể gửi khiếu nại',
  });
  const unknown = await complain(objection('phan-doi-0000'), { dossier: '26170-541201-0999' });
  expect(unknown.status).toBe(409);
  expect(unknown.body.code).toBe('NOT_IN_POSTING');
});

test('name, phone and content are required; content at most 2000 characters', async () => {
  const { phone: _phone, ...withoutPhone } = objection('phan-doi-0001');
  const noPhone = await complain(withoutPhone);
  expect(noPhone.status).toBe(400);
  expect(noPhone.body.fieldErrors).toEqual([{ path: 'body.phone', message: expect.any(String) }]);
  const { complainant: _name, ...withoutName } = objection('phan-doi-0001');
  expect((await complain(withoutName)).status).toBe(400);
  const badPhone = await complain({ ...objection('phan-doi-0001'), phone: '12345' });
  expect(badPhone.body.fieldErrors).toEqual([
    { path: 'body.phone', message: 'số điện thoại di động không hợp lệ' },
  ]);
  const long = await complain(objection('phan-doi-0001', 'x'.repeat(2001)));
  expect(long.status).toBe(400);
  expect(long.body.fieldErrors?.[0]?.path).toBe('body.content');
  expect((await complain(objection('phan-doi-0001', 'x'.repeat(2000)))).status).toBe(409); // valid, not posted yet
});

test('during the posting anyone may object, once per complaintId; it goes to the chairman with the phone', async () => {
  const officer = await api.login('commune_officer.26170');
  const verification = await openTaskId(api, code, 'verification');
  expect(
    (
      await api.request('POST', `/api/tasks/${verification}/complete`, {
        token: officer,
        json: { outcome: 'approve' },
      })
    ).status,
  ).toBe(200);
  await eventually(async () => {
    const { rows } = await api.db.pool.query(
      `SELECT 1 FROM dossier_events WHERE dossier_code = $1 AND type = 'posting_started'`,
      [code],
    );
    return rows.length > 0 ? true : undefined;
  }, 'the posting');

  const filed = await complain(objection('phan-doi-0002'), { address: '203.0.113.51' });
  expect(filed.status).toBe(200);
  expect(filed.body).toEqual({
    accepted: true,
    id: 'phan-doi-0002',
    message: 'Đã nhận khiếu nại; Chủ tịch Ủy ban nhân dân cấp xã sẽ xem xét, giải quyết',
  });
  expect((await complain(objection('phan-doi-0002'), { address: '203.0.113.51' })).status).toBe(200);
  const reused = await complain(objection('phan-doi-0002', 'Nội dung khác'), { address: '203.0.113.51' });
  expect(reused.status).toBe(409);
  expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

  const task = await openTaskId(api, code, 'public_posting');
  const chairman = await api.login('commune_chairman.26170');
  const inbox = await api.request<{ tasks: Array<{ id: string; title: string }> }>('GET', '/api/tasks', {
    token: chairman,
  });
  expect(inbox.body.tasks.map((t) => t.id)).toEqual([task]);
  const events = await eventually(async () => {
    const found = await complaintEvents();
    return found.length > 0 ? found : undefined;
  }, 'the complaint');
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ complainant: 'Lê Văn Tư (số điện thoại 0987654321)' });
});

test('10 attempts per client address per hour, then 429 with Retry-After; other addresses unaffected', async () => {
  const address = '203.0.113.52';
  for (let i = 0; i < 10; i += 1) {
    expect((await complain(objection(`phan-doi-1${String(i).padStart(3, '0')}`), { address })).status).toBe(
      200,
    );
  }
  const blocked = await complain(objection('phan-doi-1999'), { address });
  expect(blocked.status).toBe(429);
  expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await complain(objection('phan-doi-2000'), { address: '203.0.113.53' })).status).toBe(200);
});

test('after the posting: 409 NOT_IN_POSTING', async () => {
  await api.skipTo('2054-12-04', 8);
  const late = await complain(objection('phan-doi-3000'), { address: '203.0.113.54' });
  expect(late.status).toBe(409);
  expect(late.body.code).toBe('NOT_IN_POSTING');
});
