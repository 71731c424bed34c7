/**
 * The development mailbox: with no SMTP server or SMS gateway configured, messages are kept in the outbox and
 * admins read them — GET /api/admin/outbox (admins only, their province) and the page /quan-tri/hop-thu. The
 * messages come from real dossier events recorded through the read model's own activity (no Temporal here:
 * the events are what the workflow would record).
 */
import { recordDossierEvent } from '../../activities/dossier/record-event';
import { hashPassword } from '../../app/auth/passwords';
import { insertUser } from '../../db/users';
import { ApplicationSchema } from '../../domain/application';
import { devMailbox } from '../../notifications/channels/channel';
import { createDispatcher } from '../../notifications/dispatcher';
import { ONE_LOOP_DISPATCH } from '../helpers/dispatch';
import type { DossierEvent } from '../../workflows/dossier/types';
import { officerSession } from '../helpers/forms';
import { DEMO_PASSWORD, startTestApi, type TestApi } from './harness';
import { sampleApplication } from './dossier-harness';

const CODE = '26170-541201-0001';
let api: TestApi;

interface OutboxPage {
  messages: Array<{
    dossierCode: string;
    channel: string;
    recipient: string;
    kind: string;
    body: string;
    status: string;
    provider: string;
    sms: { encoding: string; segments: number } | null;
    attemptLog: Array<{ outcome: string; provider: string }>;
  }>;
  nextBefore: string | null;
}

const event = (seq: number, body: Record<string, unknown>): DossierEvent =>
  ({
    code: CODE,
    seq,
    at: '2054-12-01T02:00:00.000Z',
    legalDate: '2054-12-01',
    ...body,
  }) as DossierEvent;

beforeAll(async () => {
  api = await startTestApi({ pages: true, now: new Date('2054-12-01T02:00:00Z') });
  const application = ApplicationSchema.parse(sampleApplication());
  await recordDossierEvent(
    api.db.pool,
    event(1, {
      type: 'dossier_received',
      data: {
        procedureId: 'monthly-allowance',
        procedureVersion: 2,
        procedureTitle: 'Thực hiện trợ cấp xã hội hằng tháng',
        tier: 'two-tier',
        channel: 'walk_in',
        application,
        receivedAt: '2054-12-01T02:00:00.000Z',
      },
    }),
  );
  const accepted = event(2, { type: 'dossier_accepted', data: { appointmentDate: '2054-12-15' } });
  await recordDossierEvent(api.db.pool, accepted);
  // A retried activity records the same event again: no second message.
  await recordDossierEvent(api.db.pool, accepted);
  const dispatcher = createDispatcher({
    pool: api.db.pool,
    channels: { email: devMailbox, sms: devMailbox },
    settings: ONE_LOOP_DISPATCH,
  });
  expect(await dispatcher.runOnce()).toBe(1);
  expect(await dispatcher.runOnce()).toBe(0);
});
afterAll(() => api?.close());

test('admins read the kept messages with their SMS counting and attempts', async () => {
  const admin = await api.login('admin.75');
  const response = await api.request<OutboxPage>('GET', '/api/admin/outbox', { token: admin });
  expect(response.status).toBe(200);
  expect(response.body.messages).toEqual([
    expect.objectContaining({
      dossierCode: CODE,
      channel: 'sms',
      recipient: '+84912345678',
      kind: 'receipt',
      status: 'sent',
      provider: 'dev-mailbox',
      sms: { encoding: 'UCS-2', segments: 2 },
      body: expect.stringContaining(`Hồ sơ ${CODE} đã tiếp nhận, hẹn trả ngày 15/12/2054.`),
      attemptLog: [expect.objectContaining({ outcome: 'sent', provider: 'dev-mailbox' })],
    }),
  ]);
  const email = await api.request<OutboxPage>('GET', '/api/admin/outbox?channel=email', { token: admin });
  expect(email.body.messages).toEqual([]);
});

test('only admins: officers 403, anonymous 401, bad filters 400', async () => {
  const officer = await api.login('commune_officer.26170');
  expect((await api.request('GET', '/api/admin/outbox', { token: officer })).status).toBe(403);
  expect((await api.request('GET', '/api/admin/outbox')).status).toBe(401);
  const admin = await api.login('admin.75');
  const bad = await api.request('GET', '/api/admin/outbox?status=lost', { token: admin });
  expect(bad.status).toBe(400);
  expect(bad.body.code).toBe('VALIDATION_FAILED');
});

test('an admin of another province sees none of these messages', async () => {
  await api.db.pool.query(
    `INSERT INTO administrative_units (code, name, level, parent_code) VALUES
       ('79', 'Thành phố Hồ Chí Minh', 'province', NULL), ('760', 'Quận 1', 'district', '79'),
       ('26734', 'Phường Bến Nghé', 'commune', '760')`,
  );
  await insertUser(api.db.pool, {
    username: 'admin.79',
    fullName: 'Lê Văn Tám',
    passwordHash: await hashPassword(DEMO_PASSWORD),
    role: 'admin',
    unitCode: '79',
  });
  const other = await api.login('admin.79');
  const all = await api.request<OutboxPage>('GET', '/api/admin/outbox', { token: other });
  expect(all.status).toBe(200);
  expect(all.body.messages).toEqual([]);
  const asked = await api.request<OutboxPage>('GET', `/api/admin/outbox?dossierCode=${CODE}`, {
    token: other,
  });
  expect(asked.body.messages).toEqual([]);
  // The province's own admin does see it: the filter, not an empty outbox, kept it away.
  const own = await api.login('admin.75');
  const theirs = await api.request<OutboxPage>('GET', `/api/admin/outbox?dossierCode=${CODE}`, {
    token: own,
  });
  expect(theirs.body.messages).toHaveLength(1);
});

test('the page /quan-tri/hop-thu shows the message to an admin', async () => {
  const browser = await officerSession(api.baseUrl, 'admin.75', DEMO_PASSWORD);
  const page = await browser.get('/quan-tri/hop-thu');
  expect(page.status).toBe(200);
  expect(page.html).toContain('<h1>Hộp thư đi</h1>');
  expect(page.html).toContain(`Hồ sơ ${CODE} đã tiếp nhận, hẹn trả ngày 15/12/2054.`);
  expect(page.html).toContain('UCS-2, 2 tin nhắn');
  expect(page.html).toContain('Hộp thư thử nghiệm');
  const failedOnly = await browser.get('/quan-tri/hop-thu?trang_thai=failed');
  expect(failedOnly.html).toContain('Chưa có tin nhắn nào.');
});
