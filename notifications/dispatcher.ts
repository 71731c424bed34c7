/**
 * The dispatcher: claims due outbox rows (db/outbox.ts, FOR UPDATE SKIP LOCKED in one short statement),
 * sends each outside any transaction, records every attempt right after it, retries with exponential backoff
 * and jitter, and after the configured number of attempts marks the message failed and alerts the admins.
 * Any number of loops and processes may run side by side. Officers' digest rows leave together, one e-mail
 * per officer. Runs in `npm start` and alone as `npm run notifier`; the workflow never waits for it.
 */
import type { Pool } from 'pg';
import { createHash } from 'node:crypto';
import {
  claimDueDigest,
  claimDueMessages,
  isOptedOut,
  recordAttempt,
  recordLostAttempt,
  renewLease,
  type AttemptOutcome,
  type ClaimedMessage,
} from '../db/outbox';
import { PermanentDeliveryError, type Channel, type OutgoingMessage } from './channels/channel';
import { officerDossierLink } from './links';
import { messageLabel, renderMessage } from './messages';
import { redactAddresses } from './redact';

export interface DispatcherSettings {
  batchSize: number;
  /** How long a claim is this dispatcher's; must exceed the channels' own timeouts. */
  leaseMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  pollMs: number;
  /** Loops in this process, each sending one message at a time. */
  concurrency: number;
  /** For the links in digests. */
  publicBaseUrl: string;
}

export interface DispatcherDeps {
  pool: Pool;
  channels: { email: Channel; sms: Channel };
  settings: DispatcherSettings;
  log?: (line: string) => void;
  now?: () => Date;
  random?: () => number;
}

/**
 * Delay before attempt `attempt + 1`: base·2^(attempt−1), capped, then "equal jitter" (half fixed, half
 * random) so many messages failing together do not come back together.
 */
export function backoffMs(
  attempt: number,
  settings: Pick<DispatcherSettings, 'backoffBaseMs' | 'backoffMaxMs'>,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(
    settings.backoffMaxMs,
    settings.backoffBaseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)),
  );
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

export const idempotencyKeyOf = (messageId: string) => `tgxh-outbox-${messageId}`;

const CHANNEL_NAMES = { email: 'e-mail', sms: 'SMS' } as const;

export interface Dispatcher {
  /** Claims one batch and sends it; answers how many rows it handled (0: nothing was due). */
  runOnce(): Promise<number>;
  /** Starts `concurrency` loops; `stop` lets the messages in hand finish and be recorded. */
  start(): { stop(): Promise<void> };
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { pool, settings } = deps;
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const log = deps.log ?? (() => {});

  async function settle(
    message: ClaimedMessage,
    provider: string,
    startedAt: Date,
    result: { providerId?: string } | { error: unknown } | 'suppressed',
  ): Promise<void> {
    const finishedAt = now();
    const base = { messageId: message.id, attempt: message.attempts, startedAt, finishedAt, provider };
    if (result === 'suppressed') {
      await recordAttempt(
        pool,
        { ...base, error: 'Số điện thoại đã từ chối nhận tin (STOP)' },
        { outcome: 'suppressed' },
      );
      return;
    }
    if (!('error' in result)) {
      await recordAttempt(pool, { ...base, ...result }, { outcome: 'sent' });
      return;
    }
    const error = result.error instanceof Error ? result.error.message : String(result.error);
    const permanent = result.error instanceof PermanentDeliveryError;
    let outcome: AttemptOutcome;
    if (permanent || message.attempts >= settings.maxAttempts) {
      const why = permanent ? 'vì bị từ chối' : `sau ${message.attempts} lần thử`;
      // No address and no provider text here: alerts are read beyond the outbox page, which shows both to
      // admins. The message's number finds it there.
      outcome = {
        outcome: 'failed',
        alert: (
          `Hồ sơ ${message.dossierCode}: không gửi được tin ${messageLabel(message.kind)} qua ` +
          `${CHANNEL_NAMES[message.channel]} (tin số ${message.id}) ${why}. Xem chi tiết tại Hộp thư đi.`
        ).slice(0, 1000),
      };
      const logged = permanent ? 'refused' : `after ${message.attempts} attempts`;
      log(`notifier: message ${message.id} failed (${logged}): ${redactAddresses(error)}`);
    } else {
      outcome = {
        outcome: 'retry',
        nextAttemptAt: new Date(finishedAt.getTime() + backoffMs(message.attempts, settings, random)),
      };
    }
    await recordAttempt(pool, { ...base, error }, outcome);
  }

  async function deliver(messages: ClaimedMessage[], outgoing: OutgoingMessage): Promise<void> {
    const first = messages[0]!;
    const channel = deps.channels[first.channel];
    const startedAt = now();
    let result: { providerId?: string } | { error: unknown };
    try {
      result = await channel.send(outgoing);
    } catch (error) {
      result = { error };
    }
    for (const message of messages) await settle(message, channel.provider, startedAt, result);
  }

  /** One e-mail for all of an officer's claimed digest rows; each row records the same outcome. */
  function digestOf(rows: ClaimedMessage[]): OutgoingMessage {
    const items = rows.map((row) => ({
      subject: row.subject ?? row.kind,
      link: officerDossierLink(settings.publicBaseUrl, row.dossierCode),
    }));
    const rendered = renderMessage('digest', 'email', { count: rows.length, items });
    return {
      // Stable for the same rows, short whatever their number.
      idempotencyKey: `tgxh-digest-${createHash('sha256')
        .update(rows.map((row) => row.id).join(','))
        .digest('hex')
        .slice(0, 32)}`,
      to: rows[0]!.recipient,
      subject: rendered.subject!,
      body: rendered.body,
    };
  }

  /** Lost attempts recorded, leases renewed: the rows of `claimed` this dispatcher may send now. */
  async function ownedNow(claimed: ClaimedMessage[]): Promise<ClaimedMessage[]> {
    const owned: ClaimedMessage[] = [];
    for (const message of claimed) {
      if (message.reclaimed) await recordLostAttempt(pool, message, now());
      // The batch is sent one by one: the lease set at claim time may be over for the last ones.
      if (await renewLease(pool, message, { now: now(), leaseMs: settings.leaseMs })) owned.push(message);
    }
    return owned;
  }

  async function runOnce(): Promise<number> {
    const claimed = await claimDueMessages(pool, {
      now: now(),
      limit: settings.batchSize,
      leaseMs: settings.leaseMs,
    });
    for (const message of claimed) {
      const [owned] = await ownedNow([message]);
      if (!owned) continue;
      if (message.channel === 'sms' && (await isOptedOut(pool, message.recipient))) {
        await settle(message, deps.channels.sms.provider, now(), 'suppressed');
        continue;
      }
      await deliver([message], {
        idempotencyKey: idempotencyKeyOf(message.id),
        to: message.recipient,
        ...(message.subject !== null ? { subject: message.subject } : {}),
        body: message.body,
      });
    }
    // One officer's due digest rows, all of them, in one e-mail.
    const digest = await claimDueDigest(pool, { now: now(), leaseMs: settings.leaseMs });
    const owned = await ownedNow(digest);
    if (owned.length > 0) {
      let outgoing: OutgoingMessage;
      try {
        outgoing = digestOf(owned);
      } catch (error) {
        // A digest template that does not render: failed at once (admins alerted), not claimed for ever.
        const refused = new PermanentDeliveryError(`Mẫu bản tổng hợp lỗi: ${(error as Error).message}`);
        for (const row of owned) await settle(row, deps.channels.email.provider, now(), { error: refused });
        return claimed.length + digest.length;
      }
      await deliver(owned, outgoing);
    }
    return claimed.length + digest.length;
  }

  return {
    runOnce,
    start() {
      let running = true;
      const sleepers = new Set<() => void>();
      const pause = (ms: number) =>
        new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            sleepers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, ms);
          sleepers.add(wake);
        });
      const loop = async () => {
        while (running) {
          let handled = 0;
          try {
            handled = await runOnce();
          } catch (error) {
            // Postgres away or a bug: wait and try again; claimed rows come back when their lease ends.
            log(`notifier: ${redactAddresses(error instanceof Error ? error.message : String(error))}`);
          }
          if (handled === 0 && running) await pause(settings.pollMs);
        }
      };
      const loops = Array.from({ length: settings.concurrency }, loop);
      return {
        async stop() {
          running = false;
          for (const wake of [...sleepers]) wake();
          await Promise.all(loops);
        },
      };
    },
  };
}
