/**
 * Messages that reach people, end to end on real parts: the dossier workflow on Temporal's test server writes
 * the outbox, the dispatcher sends over a real SMTP server on loopback and a real HTTP server standing in for
 * the SMS gateway. One two-tier dossier goes receipt → request for documents → supplement → posting →
 * decision, and the citizen and the officers get what each step says. Then the gateway fails (HTTP 500, then
 * silence) and the messages are retried with backoff and end as an alert, while the dossier goes on.
 */
import { createDispatcher, type DispatcherSettings } from '../../notifications/dispatcher';
import { smtpChannel } from '../../notifications/channels/email';
import { smsGatewayChannel } from '../../notifications/channels/sms-gateway';
import type { Channel } from '../../notifications/channels/channel';
import {
  startLoopbackGateway,
  startLoopbackSmtp,
  type LoopbackGateway,
  type LoopbackSmtp,
} from '../helpers/loopback-providers';
import type { ErrorBody } from './harness';
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
const BODY_TEMPLATE = '{"to":"{{to}}","text":"{{text}}","reference":"{{id}}"}';
const BASE = 'http://localhost:3000';
const INBOUND_SECRET = 'bi-mat-cong-sms-0123456789';

let api: DossierApi;
let smtp: LoopbackSmtp;
let gateway: LoopbackGateway;
let email: Channel;
let dispatcher: { stop(): Promise<void> } | undefined;

/**
 * The delivery clock of the outbox writer and the dispatcher: a pinned morning (Tue 01/12/2054, 09:00 in
 * Vietnam) plus the real time elapsed since, so retries and backoff take real time while the digest hour is a
 * known instant, whatever the hour the test runs at. `jumpTo` moves it on.
 */
const delivery = {
  offsetMs: Date.parse('2054-12-01T02:00:00Z') - Date.now(),
  now: () => new Date(Date.now() + delivery.offsetMs),
  jumpTo(instant: string) {
    delivery.offsetMs = Date.parse(instant) - Date.now();
  },
};

const SETTINGS: DispatcherSettings = {
  batchSize: 20,
  leaseMs: 10_000,
  maxAttempts: 3,
  backoffBaseMs: 100,
  backoffMaxMs: 400,
  pollMs: 25,
  concurrency: 2,
  publicBaseUrl: BASE,
};

function startDispatcher(sms: Channel, settings: Partial<DispatcherSettings> = {}) {
  dispatcher = createDispatcher({
    pool: api.db.pool,
    channels: { email, sms },
    settings: { ...SETTINGS, ...settings },
    now: delivery.now,
  }).start();
}

async function stopDispatcher() {
  await dispatcher?.stop();
  dispatcher = undefined;
}

const gatewayChannel = (timeoutMs = 5_000) =>
  smsGatewayChannel({
    url: gateway.url,
    bodyTemplate: BODY_TEMPLATE,
    authHeader: 'Authorization: Bearer thu-nghiem',
    timeoutMs,
  });

beforeAll(async () => {
  [api, smtp, gateway] = await Promise.all([
    startDossierApi({
      deps: { smsInboundSecret: INBOUND_SECRET },
      outbox: { publicBaseUrl: BASE, digestHour: 7, now: delivery.now },
    }),
    startLoopbackSmtp(),
    startLoopbackGateway(),
  ]);
  email = smtpChannel({ url: smtp.url, from: 'Trợ giúp xã hội <khong-tra-loi@tgxh.example.test>' });
  await api.skipTo('2054-12-01', 9); // Tuesday
});
afterAll(async () => {
  await stopDispatcher();
  await email?.close?.();
  await Promise.all([smtp?.close(), gateway?.close()]);
  await api?.stop();
});

const smsTo = (phone: string) => gateway.delivered.filter((r) => r.body.to === phone).map((r) => r.body.text);
const mailTo = (address: string) => smtp.received.filter((m) => m.to === address);

async function waitForSms(phone: string, count: number, what: string): Promise<string[]> {
  return eventually(async () => (smsTo(phone).length >= count ? smsTo(phone) : undefined), what);
}
async function waitForMail(address: string, subjectPart: string) {
  return eventually(async () => mailTo(address).find((m) => m.subject.includes(subjectPart)), subjectPart);
}

describe('a whole dossier, to the citizen by SMS and to the officers by e-mail', () => {
  let code: string;
  const citizen = '+84912345678';

  beforeAll(() => startDispatcher(gatewayChannel()));

  test('online submission: the desk hears of its new task; the citizen nothing before acceptance', async () => {
    const submitted = await api.request<{ code: string }>('POST', '/api/dossiers', {
      json: { procedureId: 'monthly-allowance', application: sampleApplication() },
    });
    expect(submitted.status).toBe(201);
    code = submitted.body.code;
    const mail = await waitForMail('intake_clerk.26170@example.test', code);
    expect(mail.subject).toBe(`Việc mới: Kiểm tra tính đầy đủ của hồ sơ nộp trực tuyến — hồ sơ ${code}`);
    expect(mail.text).toContain(`Mở hồ sơ: ${BASE}/can-bo/ho-so/${code}`);
    expect(mail.messageId).toMatch(/^<tgxh-outbox-\d+@tgxh\.example\.test>$/);
    expect(smsTo(citizen)).toEqual([]);
  });

  test('request for documents: the citizen gets the list by SMS', async () => {
    await completeOverApi(api, code, 'intake_check', 'intake_clerk.26170', {
      outcome: 'request_documents',
      reason: 'Thiếu giấy tờ chứng minh hoàn cảnh',
      missingDocuments: ['Giấy xác nhận hộ nghèo', 'Sổ hộ khẩu'],
    });
    const [text] = await waitForSms(citizen, 1, 'the request for documents');
    expect(text).toBe(
      `Hồ sơ ${code} cần bổ sung: Giấy xác nhận hộ nghèo; Sổ hộ khẩu. Nộp bổ sung tại: ${BASE}/tra-cuu?ma=${code}`,
    );
    const request = gateway.delivered[0]!;
    expect(request.headers.authorization).toBe('Bearer thu-nghiem');
    expect(request.headers['idempotency-key']).toMatch(/^tgxh-outbox-\d+$/);
    expect(request.body.reference).toBe(request.headers['idempotency-key']);
  });

  test('supplement then acceptance: the receipt with code and appointment', async () => {
    const supplemented = await api.request<ErrorBody>('POST', `/api/track/${code}/supplements`, {
      headers: { 'x-tracking-phone': PHONE },
      json: {
        supplementId: 'bo-sung-0001',
        documents: [{ name: 'Giấy xác nhận hộ nghèo', kind: 'ho_ngheo' }],
      },
    });
    expect(supplemented.status).toBe(200);
    await completeOverApi(api, code, 'intake_check', 'intake_clerk.26170');
    const texts = await waitForSms(citizen, 2, 'the receipt');
    // Accepted Tue 01/12: 10 working days → Tue 15/12/2054.
    expect(texts[1]).toBe(
      `Hồ sơ ${code} đã tiếp nhận, hẹn trả ngày 15/12/2054. Tra cứu: ${BASE}/tra-cuu?ma=${code}`,
    );
    const { rows } = await api.db.pool.query(
      `SELECT sms_encoding, sms_segments FROM outbox_messages WHERE dossier_code = $1 AND kind = 'receipt'`,
      [code],
    );
    expect(rows).toEqual([{ sms_encoding: 'UCS-2', sms_segments: 2 }]);
    await waitForMail('commune_officer.26170@example.test', `hồ sơ ${code}`);
  });

  test('verification approved: the posting is announced to the citizen', async () => {
    await completeOverApi(api, code, 'verification', 'commune_officer.26170');
    const texts = await waitForSms(citizen, 3, 'the posting');
    // 2 working days from Tue 01/12: Wed 02, Thu 03.
    expect(texts[2]).toBe(`Hồ sơ ${code}: đã niêm yết công khai kết quả xét duyệt đến hết ngày 03/12/2054.`);
  });

  test('the chairman decides: the decision, then the payment; each message went once', async () => {
    await api.skipTo('2054-12-04', 8);
    await waitForMail('commune_chairman.26170@example.test', `hồ sơ ${code}`);
    await completeOverApi(api, code, 'commune_decision', 'commune_chairman.26170');
    const texts = await waitForSms(citizen, 5, 'the decision and the payment');
    // Two loops send them: either may arrive first.
    expect(texts.find((text) => text.includes('quyết định'))).toMatch(
      new RegExp(
        `^Hồ sơ ${code} đã có quyết định số \\d+/QĐ-UBND\\. Xem và tải về: ${BASE}/tra-cuu\\?ma=${code}$`,
      ),
    );
    // Signed in December 2054: the allowance is paid from that month (entitlement_created).
    expect(texts).toContain(`Hồ sơ ${code}: bắt đầu chi trả trợ cấp từ tháng 12/2054.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smsTo(citizen)).toHaveLength(5);
    const keys = smtp.received.map((m) => m.messageId);
    expect(new Set(keys).size).toBe(keys.length);
    const { rows } = await api.db.pool.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM outbox_messages WHERE dossier_code = $1 GROUP BY status`,
      [code],
    );
    expect(rows).toEqual([{ status: 'sent', n: expect.any(Number) }]);
  });
});

describe('preferences', () => {
  test('a citizen who chose e-mail gets the receipt by e-mail; one who chose none gets nothing', async () => {
    const withEmail = sampleApplication();
    withEmail.applicant = { ...withEmail.applicant, email: 'Hoa.Nguyen@Example.Test', notifyBy: 'email' };
    const code = await receiveAtDesk(api, { application: withEmail });
    const mail = await waitForMail('hoa.nguyen@example.test', code);
    expect(mail.subject).toBe(`Đã tiếp nhận hồ sơ ${code}`);
    const { rows: dossier } = await api.db.pool.query<{ appointment_date: string }>(
      'SELECT appointment_date FROM dossiers WHERE code = $1',
      [code],
    );
    const [year, month, day] = dossier[0]!.appointment_date.split('-');
    expect(mail.text).toContain(`Ngày hẹn trả kết quả: ${day}/${month}/${year}.`);

    const silent = sampleApplication();
    silent.applicant = { ...silent.applicant, phone: '0987000111', notifyBy: 'none' };
    const quiet = await receiveAtDesk(api, { application: silent });
    await openTaskId(api, quiet, 'verification');
    const { rows } = await api.db.pool.query(
      `SELECT 1 FROM outbox_messages WHERE dossier_code = $1 AND audience = 'citizen'`,
      [quiet],
    );
    expect(rows).toEqual([]);
  });

  test('e-mail chosen without an address is 400 naming the field', async () => {
    const application = sampleApplication();
    application.applicant = { ...application.applicant, notifyBy: 'email' };
    const response = await api.request('POST', '/api/dossiers', {
      json: { procedureId: 'monthly-allowance', application },
    });
    expect(response.status).toBe(400);
    expect(response.body.fieldErrors).toEqual([
      {
        path: 'body.application.applicant.email',
        message: 'cần địa chỉ e-mail để nhận thông báo qua e-mail',
      },
    ]);
  });

  test('an officer who chose the digest gets one e-mail for the day, at the digest hour', async () => {
    const token = await api.login('commune_officer.26170');
    const set = await api.request('PUT', '/api/me/notification-settings', {
      token,
      json: { email: 'commune_officer.26170@example.test', phone: null, mode: 'digest' },
    });
    expect(set.status).toBe(200);
    const codes = [await receiveAtDesk(api), await receiveAtDesk(api)];
    const rows = await eventually(async () => {
      const { rows } = await api.db.pool.query<{ id: string; status: string; next_attempt_at: Date }>(
        `SELECT id, status, next_attempt_at FROM outbox_messages
          WHERE digest AND dossier_code = ANY($1) AND kind = 'task-opened'`,
        [codes],
      );
      return rows.length === 2 ? rows : undefined;
    }, 'the digest rows');
    // Written on Tue 01/12 after 07:00 Vietnam time: they wait for Wed 02/12, 07:00 (00:00 UTC).
    for (const row of rows) {
      expect(row.status).toBe('pending');
      expect(row.next_attempt_at.toISOString()).toBe('2054-12-02T00:00:00.000Z');
    }
    const aboutThem = () =>
      mailTo('commune_officer.26170@example.test').filter((m) => codes.some((c) => m.text.includes(c)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(aboutThem()).toEqual([]);

    // The hour comes: one e-mail with both dossiers.
    delivery.jumpTo('2054-12-02T00:00:00.000Z');
    const digest = await waitForMail('commune_officer.26170@example.test', 'Tổng hợp');
    expect(digest.subject).toBe('Tổng hợp thông báo trong ngày: 2 việc');
    for (const code of codes) expect(digest.text).toContain(`${BASE}/can-bo/ho-so/${code}`);
    expect(aboutThem()).toEqual([digest]);
    await api.request('PUT', '/api/me/notification-settings', {
      token,
      json: { email: 'commune_officer.26170@example.test', phone: null, mode: 'immediate' },
    });
  });

  test('STOP from a number holds back its SMS until START; the inbound endpoint needs the secret', async () => {
    const inbound = (text: string, secret = INBOUND_SECRET) =>
      api.request<{ phone: string; action: string } & ErrorBody>('POST', '/api/notifications/sms-inbound', {
        json: { from: '84987000222', text, gatewayField: 'kept out' },
        headers: { 'x-inbound-secret': secret },
      });
    const wrong = await inbound('STOP', 'khong-dung-bi-mat-0000000');
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_INBOUND_SECRET');
    expect((await inbound('Xin chào')).body).toEqual({ phone: '+84987000222', action: 'ignored' });
    expect((await inbound('Hủy')).body).toEqual({ phone: '+84987000222', action: 'opted_out' });

    const application = sampleApplication();
    application.applicant = { ...application.applicant, phone: '0987000222' };
    const code = await receiveAtDesk(api, { application });
    const suppressed = await eventually(async () => {
      const { rows } = await api.db.pool.query<{ status: string }>(
        `SELECT status FROM outbox_messages WHERE dossier_code = $1 AND kind = 'receipt'`,
        [code],
      );
      return rows[0]?.status === 'suppressed' ? rows[0] : undefined;
    }, 'the receipt held back');
    expect(suppressed).toEqual({ status: 'suppressed' });
    expect(gateway.requests.filter((r) => r.body.to === '+84987000222')).toEqual([]);

    expect((await inbound('start')).body).toEqual({ phone: '+84987000222', action: 'opted_in' });
    const next = await receiveAtDesk(api, { application });
    await waitForSms('+84987000222', 1, 'an SMS after START');
    expect(smsTo('+84987000222')[0]).toContain(next);
  });
});

describe('a failing SMS gateway', () => {
  beforeAll(stopDispatcher);

  async function failedReceipt(code: string) {
    return eventually(
      async () => {
        const { rows } = await api.db.pool.query<{
          id: string;
          status: string;
          attempts: number;
          last_error: string;
        }>(
          `SELECT id, status, attempts, last_error FROM outbox_messages WHERE dossier_code = $1 AND kind = 'receipt'`,
          [code],
        );
        return rows[0]?.status === 'failed' ? rows[0] : undefined;
      },
      'the receipt to fail',
      30_000,
    );
  }

  async function attemptsOf(id: string) {
    const { rows } = await api.db.pool.query<{ started_at: Date; outcome: string; error: string }>(
      'SELECT started_at, outcome, error FROM outbox_attempts WHERE message_id = $1 ORDER BY attempt',
      [id],
    );
    return rows;
  }

  test('HTTP 500: three tries with growing waits, then failed and an alert to admins; the dossier goes on', async () => {
    gateway.mode = 500;
    startDispatcher(gatewayChannel());
    const code = await receiveAtDesk(api);
    // The workflow did not wait: the officer works the dossier while the SMS is still being retried.
    await completeOverApi(api, code, 'verification', 'commune_officer.26170');
    const message = await failedReceipt(code);
    expect(message).toMatchObject({ attempts: 3, last_error: expect.stringContaining('HTTP 500') });
    const attempts = await attemptsOf(message.id);
    expect(attempts.map((a) => a.outcome)).toEqual(['retry', 'retry', 'failed']);
    // Backoff: at least half of 100 ms, then of 200 ms.
    const gaps = attempts.slice(1).map((a, i) => a.started_at.getTime() - attempts[i]!.started_at.getTime());
    expect(gaps[0]).toBeGreaterThanOrEqual(50);
    expect(gaps[1]).toBeGreaterThanOrEqual(100);

    const admin = await api.login('admin.75');
    const alerts = await api.request<{
      notifications: Array<{ kind: string; message: string; dossierCode: string }>;
    }>('GET', '/api/notifications', { token: admin });
    expect(alerts.body.notifications).toContainEqual(
      expect.objectContaining({
        kind: 'delivery_failed',
        dossierCode: code,
        message:
          `Hồ sơ ${code}: không gửi được tin báo tiếp nhận hồ sơ qua SMS (tin số ${message.id}) sau 3 lần thử. ` +
          'Xem chi tiết tại Hộp thư đi.',
      }),
    );
    // An officer does not see the admins' alert.
    const officer = await api.login('commune_officer.26170');
    const theirs = await api.request<{ notifications: Array<{ kind: string }> }>(
      'GET',
      '/api/notifications',
      {
        token: officer,
      },
    );
    expect(theirs.body.notifications.map((n) => n.kind)).not.toContain('delivery_failed');
    await stopDispatcher();
  });

  test('a gateway that never answers: timed out three times, then failed', async () => {
    gateway.mode = 'hang';
    startDispatcher(gatewayChannel(150));
    const code = await receiveAtDesk(api);
    await completeOverApi(api, code, 'verification', 'commune_officer.26170');
    const message = await failedReceipt(code);
    expect(message.last_error).toBe('Cổng SMS không trả lời sau 150 ms');
    expect((await attemptsOf(message.id)).map((a) => a.outcome)).toEqual(['retry', 'retry', 'failed']);
    await stopDispatcher();
    gateway.mode = 'ok';
  });
});
