/**
 * `npm run notifier` killed mid-batch (a real child process, SIGKILL) loses no message and sends none twice
 * to a real SMTP server on loopback. The kill lands while the server holds the data of one message and has
 * not yet accepted it — the SMTP server then refuses it (451), as a real server does when the client
 * vanishes before the end of DATA. Messages recorded before the kill are not sent again; the refused one and
 * the rest of the claimed batch come back when their lease ends and a new notifier takes them.
 * (What SMTP cannot rule out — a server that accepted a message a moment before the kill, with the outcome
 * never recorded — is explained in notifications/README.md.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startLoopbackSmtp, type LoopbackSmtp } from '../helpers/loopback-providers';
import { waitUntil } from '../helpers/processes';

const ROOT = path.join(__dirname, '..', '..');
const MESSAGES = 24;
const KILL_AT = 7;

let db: TestDatabase;
let smtp: LoopbackSmtp;
const children: ChildProcess[] = [];

function startNotifier(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'runtime', 'notifier-main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: db.url,
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Trợ giúp xã hội <khong-tra-loi@tgxh.example.test>',
      NOTIFY_CONCURRENCY: '1',
      NOTIFY_BATCH_SIZE: '10',
      NOTIFY_LEASE_MS: '1500',
      SMTP_TIMEOUT_MS: '250',
      NOTIFY_POLL_MS: '50',
      NOTIFY_BACKOFF_BASE_MS: '50',
      NOTIFY_BACKOFF_MAX_MS: '200',
      METRICS_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

beforeAll(async () => {
  [db, smtp] = await Promise.all([createTestDatabase(), startLoopbackSmtp()]);
  // Officer messages as the outbox writer leaves them: due now, to distinct addresses.
  for (let i = 1; i <= MESSAGES; i++) {
    await db.pool.query(
      `INSERT INTO outbox_messages (dossier_code, seq, channel, recipient, audience, kind, subject, body,
         next_attempt_at, created_at)
       VALUES ('26170-541201-0001', $1, 'email', $2, 'officer', 'task-opened', $3, 'Nội dung', now(), now())`,
      [i, `can-bo-${i}@example.test`, `Việc mới số ${i}`],
    );
  }
});

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await smtp?.close();
  await db?.drop();
});

test('SIGKILL mid-batch: every message arrives exactly once after a restart', async () => {
  const first = startNotifier();
  let killed = false;
  smtp.beforeAccept = async () => {
    if (killed || smtp.received.length + 1 < KILL_AT) return;
    killed = true;
    first.kill('SIGKILL');
    await exited(first);
    throw new Error('client gone before the end of data');
  };
  await waitUntil(() => killed && first.signalCode === 'SIGKILL', 60_000, 'the notifier to be killed');
  expect(smtp.received).toHaveLength(KILL_AT - 1);

  // The killed notifier left its batch claimed: the sent ones recorded, the others 'sending' on a lease.
  const { rows: left } = await db.pool.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM outbox_messages GROUP BY status ORDER BY status`,
  );
  expect(left).toEqual([
    { status: 'pending', n: MESSAGES - 10 },
    { status: 'sending', n: 10 - (KILL_AT - 1) },
    { status: 'sent', n: KILL_AT - 1 },
  ]);

  smtp.beforeAccept = undefined;
  startNotifier();
  await waitUntil(() => smtp.received.length >= MESSAGES, 60_000, 'every message');
  // A little longer: a duplicate would come now if the restarted notifier resent a recorded message.
  await new Promise((resolve) => setTimeout(resolve, 500));

  const keys = smtp.received.map((mail) => mail.outboxKey);
  expect(keys).toHaveLength(MESSAGES);
  expect(new Set(keys).size).toBe(MESSAGES);
  expect(new Set(smtp.received.map((mail) => mail.to))).toEqual(
    new Set(Array.from({ length: MESSAGES }, (_, i) => `can-bo-${i + 1}@example.test`)),
  );
  const { rows } = await db.pool.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM outbox_messages GROUP BY status`,
  );
  expect(rows).toEqual([{ status: 'sent', n: MESSAGES }]);
  // The claims the killed notifier never recorded are in the history as attempts of unknown outcome.
  const { rows: lost } = await db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbox_attempts WHERE provider = 'unknown'`,
  );
  expect(lost[0]!.n).toBe(10 - (KILL_AT - 1));
});
