/**
 * Withdrawal of a dossier (issue 12): the citizen with the tracking code and second factor
 * (POST /api/track/:code/withdrawal), the desk officer for a request handed in on paper
 * (POST /api/dossiers/:code/withdrawal) — on the real workflow. Form 05 is issued once, the task leaves the
 * inbox, tracking shows the stop; refused once a decision is made.
 */
import { FormClient, hiddenValue, officerSession } from '../helpers/forms';
import { DEMO_PASSWORD, type ErrorBody } from './harness';
import {
  completeOverApi,
  eventually,
  openTaskId,
  receiveAtDesk,
  sampleApplication,
  startDossierApi,
  type DossierApi,
} from './dossier-harness';

const PHONE = '0912345678';
const REASON = 'Gia đình đã thu xếp được người chăm sóc, không còn nhu cầu';

interface Withdrawn {
  code: string;
  status: string;
  statusText: string;
  withdrawnOn: string;
  documentId: string | null;
  message: string;
}

let api: DossierApi;
beforeAll(async () => {
  api = await startDossierApi({ pages: true });
  await api.skipTo('2054-12-01', 9); // Tuesday
});
afterAll(() => api?.stop());

const withdrawOnline = (
  code: string,
  json: unknown,
  factor: Record<string, string> = { 'x-tracking-phone': PHONE },
) => api.request<Withdrawn & ErrorBody>('POST', `/api/track/${code}/withdrawal`, { json, headers: factor });

async function count(sql: string, code: string): Promise<number> {
  const { rows } = await api.db.pool.query<{ n: number }>(sql, [code]);
  return rows[0]!.n;
}

describe('the citizen withdraws while the dossier is being verified', () => {
  let code: string;
  let taskId: string;
  beforeAll(async () => {
    code = await receiveAtDesk(api);
    taskId = await openTaskId(api, code, 'verification');
  });

  test('an empty reason is 400, and nothing changes', async () => {
    const blank = await withdrawOnline(code, { reason: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.code).toBe('VALIDATION_FAILED');
    expect(new Set(blank.body.fieldErrors?.map((error) => error.path))).toEqual(new Set(['body.reason']));
    const missing = await withdrawOnline(code, {});
    expect(missing.status).toBe(400);
    const { rows } = await api.db.pool.query('SELECT status FROM dossiers WHERE code = $1', [code]);
    expect(rows).toEqual([{ status: 'in_progress' }]);
  });

  test('a wrong second factor is refused as an unknown code (404), and nothing changes', async () => {
    const wrong = await withdrawOnline(code, { reason: REASON }, { 'x-tracking-phone': '0987000111' });
    expect(wrong.status).toBe(404);
    expect(wrong.body.code).toBe('NOT_FOUND');
    const none = await withdrawOnline(code, { reason: REASON }, {});
    expect(none.status).toBe(400);
    const { rows } = await api.db.pool.query('SELECT status FROM tasks WHERE id = $1', [taskId]);
    expect(rows).toEqual([{ status: 'open' }]);
  });

  test('200: processing stops, form 05 is issued, the task leaves the inbox, tracking shows it', async () => {
    const officer = await api.login('commune_officer.26170');
    const inboxIds = async () => {
      const inbox = await api.request<{ tasks: Array<{ id: string }> }>('GET', '/api/tasks', {
        token: officer,
      });
      expect(inbox.status).toBe(200);
      return inbox.body.tasks.map((task) => task.id);
    };
    expect(await inboxIds()).toContain(taskId);

    const response = await withdrawOnline(code, { reason: REASON });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      code,
      status: 'withdrawn',
      statusText: 'Đã dừng giải quyết (người nộp rút hồ sơ)',
      withdrawnOn: '2054-12-01',
      documentId: expect.any(String),
      message: 'Đã dừng giải quyết hồ sơ theo đề nghị rút hồ sơ',
    });
    expect(await inboxIds()).not.toContain(taskId);

    const tracking = await api.request<{
      status: string;
      statusText: string;
      result: string | null;
      finishedOn: string | null;
      steps: Array<{ state: string }>;
      documents: Array<{ id: string; title: string }>;
    }>('GET', `/api/track/${code}`, { headers: { 'x-tracking-phone': PHONE } });
    expect(tracking.body).toMatchObject({
      status: 'withdrawn',
      statusText: 'Đã dừng giải quyết (người nộp rút hồ sơ)',
      result: 'Dừng giải quyết hồ sơ do người nộp rút hồ sơ',
      finishedOn: '2054-12-01',
    });
    expect(tracking.body.steps.map((step) => step.state)).toEqual(['Đã dừng']);
    expect(tracking.body.documents.at(-1)).toEqual(
      expect.objectContaining({
        id: response.body.documentId,
        title: 'Thông báo dừng giải quyết hồ sơ (mẫu 05)',
      }),
    );
    const download = await fetch(`${api.baseUrl}/api/track/${code}/documents/${response.body.documentId}`, {
      headers: { 'x-tracking-phone': PHONE },
    });
    expect(download.status).toBe(200);
    expect(await download.text()).toContain(`Lý do: ${REASON}.`);
  });

  test('asking again answers the same withdrawal: no second notice, no second event', async () => {
    const first = await api.db.pool.query<{ id: string }>(
      `SELECT id FROM documents WHERE dossier_code = $1 AND kind = 'processing-stopped'`,
      [code],
    );
    const again = await withdrawOnline(code, { reason: 'Lý do khác' }, { 'x-tracking-id-last4': '0123' });
    expect(again.status).toBe(200);
    expect(again.body.documentId).toBe(first.rows[0]!.id);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM documents WHERE dossier_code = $1 AND kind = 'processing-stopped'`,
        code,
      ),
    ).toBe(1);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM dossier_events WHERE dossier_code = $1 AND type = 'dossier_withdrawn'`,
        code,
      ),
    ).toBe(1);
    // The citizen is told once.
    await eventually(
      async () =>
        (await count(
          `SELECT count(*)::int AS n FROM outbox_messages WHERE dossier_code = $1 AND kind = 'withdrawn'`,
          code,
        )) === 1 || undefined,
      'one withdrawal message',
    );
  });
});

test('409 DECISION_MADE once the dossier is decided', async () => {
  const code = await receiveAtDesk(api);
  await completeOverApi(api, code, 'verification', 'commune_officer.26170');
  await api.skipTo('2054-12-04', 8); // the posting (2 working days) has ended
  await completeOverApi(api, code, 'commune_decision', 'commune_chairman.26170');
  await eventually(async () => {
    const { rows } = await api.db.pool.query('SELECT status FROM dossiers WHERE code = $1', [code]);
    return rows[0]?.status === 'completed' || undefined;
  }, 'the dossier completed');
  const refused = await withdrawOnline(code, { reason: REASON });
  expect(refused.status).toBe(409);
  expect(refused.body).toEqual({
    code: 'DECISION_MADE',
    message: 'Hồ sơ đã có quyết định giải quyết, không thể rút hồ sơ',
  });
  const clerk = await api.login('intake_clerk.26170');
  const onPaper = await api.request<ErrorBody>('POST', `/api/dossiers/${code}/withdrawal`, {
    token: clerk,
    json: { reason: REASON },
  });
  expect(onPaper.status).toBe(409);
  expect(onPaper.body.code).toBe('DECISION_MADE');
});

test('the desk records a withdrawal handed in on paper; other roles and units may not', async () => {
  await api.skipTo('2054-12-07', 9);
  const code = await receiveAtDesk(api, { application: sampleApplication() });
  await openTaskId(api, code, 'verification');
  const onPaper = (token: string, json: unknown = { reason: 'Đơn xin rút hồ sơ ngày 07/12/2054' }) =>
    api.request<Withdrawn & ErrorBody>('POST', `/api/dossiers/${code}/withdrawal`, { token, json });

  const officer = await api.login('commune_officer.26170');
  expect((await onPaper(officer)).status).toBe(403);
  const otherClerk = await api.login('intake_clerk.26173');
  expect((await onPaper(otherClerk)).status).toBe(403);
  const clerk = await api.login('intake_clerk.26170');
  expect((await onPaper(clerk, { reason: '' })).status).toBe(400);

  const recorded = await onPaper(clerk);
  expect(recorded.status).toBe(200);
  expect(recorded.body).toMatchObject({ status: 'withdrawn', withdrawnOn: '2054-12-07' });
  const { rows } = await api.db.pool.query<{ actor: string; reason: string; data: { by: string } }>(
    `SELECT actor, reason, data FROM dossier_events WHERE dossier_code = $1 AND type = 'dossier_withdrawn'`,
    [code],
  );
  expect(rows).toEqual([
    {
      actor: expect.any(String),
      reason: 'Đơn xin rút hồ sơ ngày 07/12/2054',
      data: expect.objectContaining({ by: 'desk' }),
    },
  ]);
  const { rows: html } = await api.db.pool.query<{ html: string }>(
    'SELECT html FROM documents WHERE id = $1',
    [recorded.body.documentId],
  );
  expect(html[0]!.html).toContain('đề nghị rút hồ sơ bằng văn bản nộp tại Bộ phận Một cửa');
});

test('the desk records a paper withdrawal from the dossier page: the reason beside the field, then form 05', async () => {
  await api.skipTo('2054-12-07', 14); // the afternoon of the test above: the next one starts on 08/12
  const code = await receiveAtDesk(api, { application: sampleApplication() });
  await openTaskId(api, code, 'verification');
  const officer = await officerSession(api.baseUrl, 'commune_officer.26170', DEMO_PASSWORD);
  const theirs = await officer.get(`/can-bo/ho-so/${code}`);
  expect(theirs.html).not.toContain('Ghi nhận đơn rút hồ sơ');
  const clerk = await officerSession(api.baseUrl, 'intake_clerk.26170', DEMO_PASSWORD);
  const page = await clerk.get(`/can-bo/ho-so/${code}`);
  expect(page.html).toContain('<h2 id="rut-ho-so">Ghi nhận đơn rút hồ sơ</h2>');
  const action = `/can-bo/ho-so/${code}/rut-ho-so`;
  const csrf = hiddenValue(page.html, '_csrf');

  const empty = await clerk.post(action, new URLSearchParams({ _csrf: csrf, reason: '  ' }));
  expect(empty.status).toBe(422);
  expect(empty.html).toContain('Nhập lý do rút hồ sơ như trong đơn của người nộp');
  expect(empty.html).toContain('href="#withdrawal-reason"');
  expect((await api.db.pool.query('SELECT status FROM dossiers WHERE code = $1', [code])).rows[0]).toEqual({
    status: 'in_progress',
  });

  const done = await clerk.post(
    action,
    new URLSearchParams({ _csrf: csrf, reason: 'Đơn xin rút hồ sơ chiều 07/12/2054' }),
  );
  expect(done).toMatchObject({ status: 303, location: `/can-bo/ho-so/${code}?xong=4` });
  const after = await clerk.get(done.location!);
  expect(after.html).toContain('Đã ghi nhận đơn rút hồ sơ');
  expect(after.html).not.toContain('<h2 id="rut-ho-so">');
  const { rows } = await api.db.pool.query<{ status: string; forms: string }>(
    `SELECT d.status, (SELECT string_agg(kind, ',') FROM documents WHERE dossier_code = d.code AND kind = 'processing-stopped') AS forms
       FROM dossiers d WHERE d.code = $1`,
    [code],
  );
  expect(rows).toEqual([{ status: 'withdrawn', forms: 'processing-stopped' }]);
  // Another role may not post it.
  const refused = await officer.post(
    action,
    new URLSearchParams({ _csrf: hiddenValue(theirs.html, '_csrf'), reason: 'Lý do bất kỳ' }),
  );
  expect(refused.status).toBe(403);
});

test('the tracking page offers the withdrawal: a reason, a confirmation, CSRF, no JavaScript needed', async () => {
  await api.skipTo('2054-12-08', 9);
  const code = await receiveAtDesk(api);
  await openTaskId(api, code, 'verification');
  const browser = new FormClient(api.baseUrl);
  const csrf = hiddenValue((await browser.get('/tra-cuu')).html, '_csrf');
  const access = { _csrf: csrf, code, factorKind: 'phone', factor: PHONE };
  const result = await browser.post('/tra-cuu', new URLSearchParams(access));
  expect(result.status).toBe(200);
  expect(result.html).toContain('id="rut-ho-so"');
  // A plain form post: nothing on the way needs JavaScript.
  expect(result.html).toContain('<form method="post" action="/tra-cuu/rut-ho-so"');

  const blank = await browser.post('/tra-cuu/rut-ho-so', new URLSearchParams({ ...access, reason: ' ' }));
  expect(blank.status).toBe(422);
  expect(blank.html).toContain('Nhập lý do rút hồ sơ');

  const forged = await browser.post(
    '/tra-cuu/rut-ho-so',
    new URLSearchParams({ ...access, _csrf: 'forged', reason: REASON, confirm: 'yes' }),
  );
  expect(forged.status).toBe(403);

  const confirm = await browser.post(
    '/tra-cuu/rut-ho-so',
    new URLSearchParams({ ...access, reason: REASON }),
  );
  expect(confirm.status).toBe(200);
  expect(confirm.html).toContain('Ông/bà có chắc chắn muốn rút hồ sơ?');
  expect(confirm.html).toContain(REASON);
  const before = await api.db.pool.query('SELECT status FROM dossiers WHERE code = $1', [code]);
  expect(before.rows).toEqual([{ status: 'in_progress' }]);

  const done = await browser.post(
    '/tra-cuu/rut-ho-so',
    new URLSearchParams({ ...access, reason: hiddenValue(confirm.html, 'reason'), confirm: 'yes' }),
  );
  expect(done.status).toBe(200);
  expect(done.html).toContain('Đã rút hồ sơ');
  expect(done.html).toContain('Đã dừng giải quyết (người nộp rút hồ sơ)');
  expect(done.html).toContain('Thông báo dừng giải quyết hồ sơ (mẫu 05)');
  expect(done.html).not.toContain('id="rut-ho-so"');
  const after = await api.db.pool.query('SELECT status FROM dossiers WHERE code = $1', [code]);
  expect(after.rows).toEqual([{ status: 'withdrawn' }]);
});
