/**
 * Messages per second through the outbox dispatcher to a real SMTP server on loopback: an embedded Postgres
 * in a temporary folder, N outbox rows, the dispatcher's claim → send → record cycle with 1 and 4 loops
 * (each loop sends one message at a time over nodemailer's pooled connections). What limits a deployment is
 * the provider; this shows the dispatcher itself is not the bottleneck.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { migrateUp } from '../db/migrate';
import { createPool } from '../db/pool';
import { devMailbox } from '../notifications/channels/channel';
import { smtpChannel } from '../notifications/channels/email';
import { createDispatcher } from '../notifications/dispatcher';
import { ensureDatabase, startEmbeddedPostgres } from '../runtime/embedded-postgres';
import { startLoopbackSmtp } from '../tests/helpers/loopback-providers';
import { freePort } from '../tests/helpers/ports';

const COUNT = 1000;
/** A run that has not settled every message by then is reported as it stands, never waited on for ever. */
const DEADLINE_MS = 120_000;

/** Rows not yet settled (pending or sending), sent and failed. */
async function tally(pool: Pool): Promise<{ open: number; sent: number; failed: number }> {
  const { rows } = await pool.query<{ open: number; sent: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE status IN ('pending', 'sending'))::int AS open,
            count(*) FILTER (WHERE status = 'sent')::int AS sent,
            count(*) FILTER (WHERE status NOT IN ('pending', 'sending', 'sent'))::int AS failed
       FROM outbox_messages`,
  );
  return rows[0]!;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-bench-notify-'));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
  const smtp = await startLoopbackSmtp();
  try {
    const url = await ensureDatabase(pg.url, 'bench');
    await migrateUp(url);
    const pool = createPool(url, { max: 10 });
    for (const concurrency of [1, 4]) {
      await pool.query('TRUNCATE outbox_messages CASCADE');
      await pool.query(
        `INSERT INTO outbox_messages (dossier_code, seq, channel, recipient, audience, kind, subject, body,
           next_attempt_at, created_at)
         SELECT '26170-541201-0001', i, 'email', 'can-bo-' || i || '@example.test', 'officer', 'task-opened',
                'Việc mới: Xét duyệt hồ sơ — hồ sơ 26170-541201-0001',
                'Hộp việc của Công chức phụ trách lao động - thương binh và xã hội cấp xã có việc mới.', now(), now()
           FROM generate_series(1, $1) AS i`,
        [COUNT],
      );
      const email = smtpChannel({ url: smtp.url, from: 'Bench <bench@example.test>', pool: concurrency });
      const dispatcher = createDispatcher({
        pool,
        channels: { email, sms: devMailbox },
        settings: {
          batchSize: 50,
          leaseMs: 60_000,
          maxAttempts: 3,
          backoffBaseMs: 100,
          backoffMaxMs: 1000,
          pollMs: 5,
          concurrency,
          publicBaseUrl: 'http://localhost:3000',
        },
        log: (line) => console.error(line),
      });
      const started = performance.now();
      const running = dispatcher.start();
      // Until every row is settled (sent, or failed after its retries) or the deadline: a failing message must
      // not leave the bench waiting for an e-mail that will never come.
      let counts = await tally(pool);
      while (counts.open > 0 && performance.now() - started < DEADLINE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        counts = await tally(pool);
      }
      const ms = performance.now() - started;
      await running.stop();
      await email.close?.();
      console.log(
        `Dispatcher → loopback SMTP, ${concurrency} loop(s): ${((counts.sent * 1000) / ms).toFixed(0)} messages/s ` +
          `(${counts.sent} of ${COUNT} sent in ${(ms / 1000).toFixed(2)} s` +
          `${counts.failed ? `, ${counts.failed} failed` : ''}` +
          `${counts.open ? `, ${counts.open} still unsettled at the ${DEADLINE_MS / 1000} s deadline` : ''})`,
      );
      if (counts.failed || counts.open) process.exitCode = 1;
    }
    await pool.end();
  } finally {
    await smtp.close();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
