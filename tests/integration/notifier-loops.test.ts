/**
 * The dispatcher with several loops on real Postgres and real providers on loopback. A slow gateway: a claimed
 * batch is sent one message after another, so its last messages would outlive a lease set only at claim time
 * and be taken and sent again by a sibling loop. An officer's digest: one e-mail a day, however many rows and
 * loops.
 */
import { recordAttempt } from '../../db/outbox';
import { devMailbox } from '../../notifications/channels/channel';
import { smtpChannel } from '../../notifications/channels/email';
import { smsGatewayChannel } from '../../notifications/channels/sms-gateway';
import { createDispatcher, type DispatcherSettings } from '../../notifications/dispatcher';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import {
  startLoopbackGateway,
  startLoopbackSmtp,
  type LoopbackGateway,
  type LoopbackSmtp,
} from '../helpers/loopback-providers';
import { waitUntil } from '../helpers/processes';

let db: TestDatabase;
let gateway: LoopbackGateway;
let smtp: LoopbackSmtp;

const SETTINGS: DispatcherSettings = {
  batchSize: 8,
  leaseMs: 400,
  maxAttempts: 3,
  backoffBaseMs: 50,
  backoffMaxMs: 200,
  pollMs: 20,
  concurrency: 2,
  publicBaseUrl: 'http://localhost:3000',
};

beforeAll(async () => {
  [db, gateway, smtp] = await Promise.all([
    createTestDatabase(),
    startLoopbackGateway(),
    startLoopbackSmtp(),
  ]);
});
afterAll(async () => {
  await Promise.all([gateway?.close(), smtp?.close()]);
  await db?.drop();
});

async function insertSms(count: number, seqFrom: number): Promise<string[]> {
  const phones: string[] = [];
  for (let i = 0; i < count; i++) {
    const phone = `+8491200${String(seqFrom + i).padStart(4, '0')}`;
    phones.push(phone);
    await db.pool.query(
      `INSERT INTO outbox_messages (dossier_code, seq, channel, recipient, audience, kind, body, next_attempt_at,
         created_at)
       VALUES ('26170-541201-0001', $1, 'sms', $2, 'citizen', 'receipt', 'Hồ sơ đã được tiếp nhận', now(), now())`,
      [seqFrom + i, phone],
    );
  }
  return phones;
}

test('a gateway slower than the lease over a batch: two loops, each message received once', async () => {
  // 8 + 4 rows: one loop's batch takes 8 × 150 ms, far past its 400 ms lease, while the other is idle after
  // 600 ms and looks for due rows.
  gateway.delayMs = 150;
  const phones = await insertSms(12, 1);
  const running = createDispatcher({
    pool: db.pool,
    channels: {
      email: devMailbox,
      sms: smsGatewayChannel({
        url: gateway.url,
        bodyTemplate: '{"to":"{{to}}","text":"{{text}}"}',
        timeoutMs: 2000,
      }),
    },
    settings: SETTINGS,
  }).start();
  try {
    await waitUntil(
      async () => {
        const { rows } = await db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'sent'`,
        );
        return rows[0]!.n === phones.length;
      },
      30_000,
      'every SMS sent',
    );
  } finally {
    await running.stop();
  }
  const received = gateway.requests.map((request) => request.body.to).sort();
  expect(received).toEqual([...phones].sort());
});

test('a dispatcher whose claim was taken over cannot flip the row it no longer owns', async () => {
  const [phone] = await insertSms(1, 100);
  const { rows } = await db.pool.query<{ id: string }>(
    `UPDATE outbox_messages SET status = 'sending', attempts = 2 WHERE recipient = $1 RETURNING id`,
    [phone],
  );
  const id = String(rows[0]!.id);
  // The owner of attempt 1 comes back late with a failure: the row, now attempt 2's, stays as it is.
  const at = new Date();
  await recordAttempt(
    db.pool,
    { messageId: id, attempt: 1, startedAt: at, finishedAt: at, provider: 'sms-gateway', error: 'chậm' },
    { outcome: 'failed', alert: 'không gửi được' },
  );
  const { rows: after } = await db.pool.query(`SELECT status, attempts FROM outbox_messages WHERE id = $1`, [
    id,
  ]);
  expect(after).toEqual([{ status: 'sending', attempts: 2 }]);
  const { rows: alerts } = await db.pool.query(`SELECT 1 FROM notifications WHERE outbox_message_id = $1`, [
    id,
  ]);
  expect(alerts).toEqual([]);
});

async function allSent(count: number, where: string): Promise<void> {
  await waitUntil(
    async () => {
      const { rows } = await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'sent' AND ${where}`,
      );
      return rows[0]!.n === count;
    },
    30_000,
    `${count} messages sent`,
  );
}

test('an officer with more digest rows than a batch, two loops: one digest e-mail with all of them', async () => {
  const ROWS = 25;
  const officer = 'commune_officer.26170@example.test';
  for (let i = 1; i <= ROWS; i++) {
    await db.pool.query(
      `INSERT INTO outbox_messages (dossier_code, seq, channel, recipient, audience, kind, subject, body, digest,
         next_attempt_at, created_at)
       VALUES ($1, 2, 'email', $2, 'officer', 'task-opened', $3, 'Nội dung', true, now(), now())`,
      [`26170-541201-${String(i).padStart(4, '0')}`, officer, `Việc mới — hồ sơ số ${i}`],
    );
  }
  const email = smtpChannel({ url: smtp.url, from: 'Trợ giúp xã hội <khong-tra-loi@tgxh.example.test>' });
  const running = createDispatcher({
    pool: db.pool,
    channels: { email, sms: devMailbox },
    settings: { ...SETTINGS, batchSize: 10, leaseMs: 10_000 },
  }).start();
  try {
    await allSent(ROWS, 'digest');
  } finally {
    await running.stop();
    await email.close?.();
  }
  const mails = smtp.received.filter((mail) => mail.to === officer);
  expect(mails).toHaveLength(1);
  expect(mails[0]!.subject).toBe(`Tổng hợp thông báo trong ngày: ${ROWS} việc`);
  for (let i = 1; i <= ROWS; i++) expect(mails[0]!.text).toContain(`hồ sơ số ${i}\n`);
});
