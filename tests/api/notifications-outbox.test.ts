/**
 * The outbox writer fed with the events the workflow records (through the read model's own activity, as
 * tests/api/admin-outbox.test.ts does; no Temporal here): who is written to, in which words, and what must
 * never be in a message.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordDossierEvent } from '../../activities/dossier/record-event';
import { MESSAGE_TEMPLATES_DIR } from '../../notifications/messages';
import { devMailbox, PermanentDeliveryError, type Channel } from '../../notifications/channels/channel';
import { createDispatcher } from '../../notifications/dispatcher';
import { ONE_LOOP_DISPATCH } from '../helpers/dispatch';
import { ApplicationSchema, type ApplicationInput } from '../../domain/application';
import type { OutboxSettings } from '../../notifications/outbox';
import type { DossierEvent } from '../../workflows/dossier/types';
import { startTestApi, type TestApi } from './harness';
import { sampleApplication } from './dossier-harness';

const AT = '2054-12-01T02:00:00.000Z';
const SETTINGS: OutboxSettings = {
  publicBaseUrl: 'https://dichvucong.example.test/',
  digestHour: 7,
  now: () => new Date(AT),
};
let api: TestApi;
let serial = 0;

beforeAll(async () => {
  api = await startTestApi({ now: new Date(AT) });
});
afterAll(() => api?.close());

const event = (code: string, seq: number, body: Record<string, unknown>): DossierEvent =>
  ({ code, seq, at: AT, legalDate: '2054-12-01', ...body }) as DossierEvent;

/** A new dossier received at the demo commune; answers its code. */
async function received(application: ApplicationInput = sampleApplication()): Promise<string> {
  serial += 1;
  const code = `26170-541201-${String(serial).padStart(4, '0')}`;
  await recordDossierEvent(
    api.db.pool,
    event(code, 1, {
      type: 'dossier_received',
      data: {
        procedureId: 'monthly-allowance',
        procedureVersion: 2,
        procedureTitle: 'Thực hiện trợ cấp xã hội hằng tháng',
        tier: 'two-tier',
        channel: 'walk_in',
        application: ApplicationSchema.parse(application),
        receivedAt: AT,
      },
    }),
    SETTINGS,
  );
  return code;
}

interface Row {
  channel: string;
  recipient: string;
  kind: string;
  subject: string | null;
  body: string;
  status: string;
  sms_segments: number | null;
}

async function rowsOf(code: string, seq?: number): Promise<Row[]> {
  const { rows } = await api.db.pool.query<Row>(
    `SELECT channel, recipient, kind, subject, body, status, sms_segments FROM outbox_messages
      WHERE dossier_code = $1 AND ($2::int IS NULL OR seq = $2) ORDER BY id`,
    [code, seq ?? null],
  );
  return rows;
}

describe('a dossier under clause 5.8 (people with HIV/AIDS)', () => {
  const MISSING = 'Giấy xác nhận nhiễm HIV của Trung tâm Y tế huyện';
  const REASON = 'Người nhiễm HIV chưa có giấy xác nhận điều trị ARV.';
  const protectedApplication = (notifyBy: 'sms' | 'email') => {
    const application = sampleApplication();
    application.beneficiary = { ...application.beneficiary, qualifications: [{ clause: '5.8' }] };
    application.applicant = { ...application.applicant, email: 'hoa.nguyen@example.test', notifyBy };
    return application;
  };

  test.each(['sms', 'email'] as const)(
    'by %s: the request for documents and the refusal carry neither the typed list nor the reason',
    async (notifyBy) => {
      const code = await received(protectedApplication(notifyBy));
      await recordDossierEvent(
        api.db.pool,
        event(code, 2, { type: 'clock_stopped', data: { missingDocuments: [MISSING, 'Sổ hộ khẩu'] } }),
        SETTINGS,
      );
      await recordDossierEvent(
        api.db.pool,
        event(code, 3, { type: 'intake_refused', reason: REASON, data: {} }),
        SETTINGS,
      );
      const rows = await rowsOf(code);
      expect(rows.map((r) => [r.channel, r.kind])).toEqual([
        [notifyBy, 'supplement-request'],
        [notifyBy, 'intake-refusal'],
      ]);
      for (const row of rows) {
        const text = `${row.subject ?? ''}\n${row.body}`;
        for (const typed of [MISSING, 'Sổ hộ khẩu', REASON, 'HIV', 'ARV', '5.8'])
          expect(text).not.toContain(typed);
        expect(text).toContain('liên hệ Bộ phận Một cửa');
      }
      expect(rows[0]!.body).toContain('để biết giấy tờ cần bổ sung');
      expect(rows[1]!.body).toContain('để biết lý do');
    },
  );

  test('another category keeps the list and the reason', async () => {
    const code = await received();
    await recordDossierEvent(
      api.db.pool,
      event(code, 2, { type: 'clock_stopped', data: { missingDocuments: ['Sổ hộ khẩu'] } }),
      SETTINGS,
    );
    await recordDossierEvent(
      api.db.pool,
      event(code, 3, { type: 'dossier_refused', reason: 'Không thuộc diện.', data: {} }),
      SETTINGS,
    );
    const [request, refusal] = await rowsOf(code);
    expect(request!.body).toContain('cần bổ sung: Sổ hộ khẩu.');
    expect(refusal!.body).toContain('Lý do: Không thuộc diện. Chi tiết:');
  });
});

test('a template naming a field the data lacks: the dossier event commits, the message is failed, admins told', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-messages-'));
  try {
    fs.cpSync(MESSAGE_TEMPLATES_DIR, dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'receipt.sms.hbs'),
      'Hồ sơ {{code}} đã được tiếp nhận tại {{tenBoPhan}}. Hẹn trả kết quả ngày {{date appointmentDate}}.',
    );
    const code = await received();
    await recordDossierEvent(
      api.db.pool,
      event(code, 2, { type: 'dossier_accepted', data: { appointmentDate: '2054-12-15' } }),
      { ...SETTINGS, templatesDir: dir },
    );
    const { rows: dossier } = await api.db.pool.query(
      'SELECT status, appointment_date, last_seq FROM dossiers WHERE code = $1',
      [code],
    );
    expect(dossier).toEqual([{ status: 'in_progress', appointment_date: '2054-12-15', last_seq: 2 }]);
    const { rows } = await api.db.pool.query<{ id: string; status: string; last_error: string }>(
      `SELECT id::text, status, last_error FROM outbox_messages WHERE dossier_code = $1`,
      [code],
    );
    expect(rows).toEqual([
      { id: expect.any(String), status: 'failed', last_error: expect.stringContaining('tenBoPhan') },
    ]);
    const { rows: alerts } = await api.db.pool.query(
      `SELECT audience, unit_code, kind, message FROM notifications WHERE outbox_message_id = $1`,
      [rows[0]!.id],
    );
    expect(alerts).toEqual([
      {
        audience: 'admin',
        unit_code: '75',
        kind: 'delivery_failed',
        message: `Hồ sơ ${code}: không soạn được tin báo tiếp nhận hồ sơ (tin số ${rows[0]!.id}) vì mẫu tin nhắn lỗi. Xem chi tiết tại Hộp thư đi.`,
      },
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('a message the provider refuses', () => {
  // As SMTP servers answer: the refusal quotes the address.
  const refusing: Channel = {
    provider: 'smtp',
    async send(message) {
      throw new PermanentDeliveryError(`550 5.1.1 <${message.to}>: Recipient address rejected`);
    },
  };
  const ADDRESS = 'nguoi-nop.0912000999@example.test';
  let code: string;
  let id: string;
  const logs: string[] = [];

  beforeAll(async () => {
    const application = sampleApplication();
    application.applicant = { ...application.applicant, email: ADDRESS, notifyBy: 'email' };
    code = await received(application);
    await recordDossierEvent(
      api.db.pool,
      event(code, 2, { type: 'dossier_accepted', data: { appointmentDate: '2054-12-15' } }),
      SETTINGS,
    );
    const { rows } = await api.db.pool.query<{ id: string }>(
      `UPDATE outbox_messages SET next_attempt_at = now() - interval '1 second'
        WHERE dossier_code = $1 RETURNING id::text`,
      [code],
    );
    id = rows[0]!.id;
    const dispatcher = createDispatcher({
      pool: api.db.pool,
      channels: { email: refusing, sms: devMailbox },
      settings: ONE_LOOP_DISPATCH,
      log: (line) => logs.push(line),
    });
    await dispatcher.runOnce();
  });

  interface AlertList {
    notifications: Array<{ id: string; kind: string; message: string; dossierCode: string }>;
  }

  test('the admins’ alert names the dossier, the message in Vietnamese and its number; no address, no provider text', async () => {
    const admin = await api.login('admin.75');
    const list = await api.request<AlertList>('GET', '/api/notifications', { token: admin });
    const alert = list.body.notifications.find((n) => n.dossierCode === code);
    expect(alert).toMatchObject({
      kind: 'delivery_failed',
      message: `Hồ sơ ${code}: không gửi được tin báo tiếp nhận hồ sơ qua e-mail (tin số ${id}) vì bị từ chối. Xem chi tiết tại Hộp thư đi.`,
    });
    // The details stay on the admins' outbox page.
    const outbox = await api.request<{ messages: Array<{ recipient: string; lastError: string }> }>(
      'GET',
      `/api/admin/outbox?dossierCode=${code}`,
      { token: admin },
    );
    expect(outbox.body.messages[0]).toMatchObject({
      recipient: ADDRESS,
      lastError: expect.stringContaining('550'),
    });
  });

  test('auditors do not read delivery alerts, nor mark them read', async () => {
    const auditor = await api.login('auditor.75');
    const list = await api.request<AlertList>('GET', '/api/notifications', { token: auditor });
    expect(list.status).toBe(200);
    expect(list.body.notifications.map((n) => n.kind)).not.toContain('delivery_failed');
    const { rows } = await api.db.pool.query<{ id: string }>(
      'SELECT id::text FROM notifications WHERE outbox_message_id = $1',
      [id],
    );
    const read = await api.request('POST', `/api/notifications/${rows[0]!.id}/read`, { token: auditor });
    expect(read.status).toBe(403);
  });

  test('the log says which message failed, without the address', () => {
    expect(logs).toContain(
      `notifier: message ${id} failed (refused): 550 5.1.1 <[e-mail]>: Recipient address rejected`,
    );
    for (const line of logs) expect(line).not.toMatch(/@|0912|\+84/);
  });
});

describe('what else people are told', () => {
  test('payment starts (entitlement_created with its month): the applicant is told from when', async () => {
    const code = await received();
    await recordDossierEvent(
      api.db.pool,
      event(code, 2, {
        type: 'entitlement_created',
        data: {
          kind: 'monthly',
          monthlyAmount: 750_000,
          startMonth: '2055-01',
          payerRole: 'commune_officer',
        },
      }),
      SETTINGS,
    );
    const rows = await rowsOf(code, 2);
    expect(rows).toEqual([
      expect.objectContaining({
        channel: 'sms',
        kind: 'payment-started',
        body: `Hồ sơ ${code}: bắt đầu chi trả trợ cấp từ tháng 01/2055.`,
      }),
    ]);
  });

  test('the clock resumes after a supplement: the documents arrived, and the new appointment', async () => {
    const code = await received();
    await recordDossierEvent(
      api.db.pool,
      event(code, 2, { type: 'dossier_accepted', data: { appointmentDate: '2054-12-15' } }),
      SETTINGS,
    );
    await recordDossierEvent(
      api.db.pool,
      event(code, 3, {
        type: 'clock_resumed',
        stepKey: 'verification',
        data: { pausedWorkingDays: 5, documents: [{ name: 'Sổ hộ khẩu', kind: 'ho_khau' }] },
      }),
      SETTINGS,
    );
    await recordDossierEvent(
      api.db.pool,
      event(code, 4, {
        type: 'due_date_changed',
        stepKey: 'verification',
        reason: 'Tạm dừng 5 ngày làm việc chờ bổ sung hồ sơ',
        data: { target: 'appointment', oldDate: '2054-12-15', newDate: '2054-12-22' },
      }),
      SETTINGS,
    );
    expect((await rowsOf(code, 4)).map((r) => [r.kind, r.body])).toEqual([
      [
        'supplement-received',
        `Hồ sơ ${code} đã nhận giấy tờ bổ sung, tiếp tục giải quyết. Hẹn trả kết quả ngày 22/12/2054.`,
      ],
    ]);
  });

  test('a reminder reaches the officers of the task’s role and unit', async () => {
    const code = await received();
    await recordDossierEvent(
      api.db.pool,
      event(code, 2, {
        type: 'task_reminded',
        taskId: 'task-1',
        stepKey: 'verification',
        data: { dueDate: '2054-12-03', notify: [{ role: 'commune_officer', unitCode: '26170' }] },
      }),
      SETTINGS,
    );
    expect((await rowsOf(code, 2)).map((r) => [r.channel, r.recipient, r.kind, r.subject])).toEqual([
      [
        'email',
        'commune_officer.26170@example.test',
        'task-reminder',
        `Sắp đến hạn: hồ sơ ${code} (hạn 03/12/2054)`,
      ],
    ]);
  });

  test('an overdue escalation reaches the supervisor the workflow names', async () => {
    const code = await received();
    await recordDossierEvent(
      api.db.pool,
      event(code, 2, {
        type: 'task_overdue',
        taskId: 'task-1',
        stepKey: 'verification',
        data: {
          dueDate: '2054-12-03',
          escalation: 1,
          notify: [
            { role: 'commune_officer', unitCode: '26170' },
            { role: 'commune_chairman', unitCode: '26170' },
          ],
        },
      }),
      SETTINGS,
    );
    const rows = await rowsOf(code, 2);
    expect(rows.map((r) => r.recipient).sort()).toEqual([
      'commune_chairman.26170@example.test',
      'commune_officer.26170@example.test',
    ]);
    for (const row of rows) {
      expect(row.kind).toBe('task-overdue');
      expect(row.subject).toBe(`Quá hạn: hồ sơ ${code} (hạn 03/12/2054)`);
      expect(row.body).toContain(`https://dichvucong.example.test/can-bo/ho-so/${code}`);
    }
  });
});
