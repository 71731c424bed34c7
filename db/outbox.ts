/**
 * The outbox of messages to people (e-mail, SMS) as the dispatcher and admins use it: claiming due rows
 * (one statement, so the lock lasts only as long as it runs), recording each attempt and its outcome, the SMS
 * opt-out list, and the admin's listing. Rows are written by notifications/outbox.ts in the dossier event's
 * transaction.
 */
import type { Pool } from 'pg';
import { inTransaction } from './queryable';
import type { Queryable } from './queryable';

/** pending → sending (claimed, on a lease) → sent | pending (retry) | failed | suppressed (the number said STOP). */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'suppressed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** What one attempt came to; 'retry' leaves the message pending for a later one. */
export const ATTEMPT_OUTCOMES = ['sent', 'retry', 'failed', 'suppressed'] as const;

export interface OutboxMessage {
  id: string;
  dossierCode: string;
  seq: number;
  channel: 'email' | 'sms';
  recipient: string;
  audience: 'citizen' | 'officer';
  kind: string;
  subject: string | null;
  body: string;
  smsEncoding: 'GSM-7' | 'UCS-2' | null;
  smsSegments: number | null;
  digest: boolean;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  sentAt: Date | null;
  provider: string | null;
  providerId: string | null;
  lastError: string | null;
}

interface OutboxRow {
  id: string;
  dossier_code: string;
  seq: number;
  channel: 'email' | 'sms';
  recipient: string;
  audience: 'citizen' | 'officer';
  kind: string;
  subject: string | null;
  body: string;
  sms_encoding: 'GSM-7' | 'UCS-2' | null;
  sms_segments: number | null;
  digest: boolean;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  sent_at: Date | null;
  provider: string | null;
  provider_id: string | null;
  last_error: string | null;
}

const toMessage = (row: OutboxRow): OutboxMessage => ({
  id: String(row.id),
  dossierCode: row.dossier_code,
  seq: row.seq,
  channel: row.channel,
  recipient: row.recipient,
  audience: row.audience,
  kind: row.kind,
  subject: row.subject,
  body: row.body,
  smsEncoding: row.sms_encoding,
  smsSegments: row.sms_segments,
  digest: row.digest,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  createdAt: row.created_at,
  sentAt: row.sent_at,
  provider: row.provider,
  providerId: row.provider_id,
  lastError: row.last_error,
});

export interface ClaimedMessage extends OutboxMessage {
  /** The claim found it 'sending': a dispatcher took it before and stopped without recording what happened. */
  reclaimed: boolean;
}

/**
 * Claims up to `limit` due rows for this dispatcher: pending ones whose time has come, and 'sending' ones
 * whose lease ran out (their dispatcher died between claiming and recording). SKIP LOCKED lets any number
 * of dispatchers claim side by side; the lease (next_attempt_at moved `leaseMs` on) keeps the rows theirs
 * after this statement commits, so no transaction is held while sending.
 */
export async function claimDueMessages(
  pool: Pool,
  options: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedMessage[]> {
  const { rows } = await pool.query<OutboxRow & { was: OutboxStatus }>(
    `WITH due AS (
       SELECT id, status FROM outbox_messages
        WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1 AND NOT digest
        ORDER BY next_attempt_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED)
     UPDATE outbox_messages m
        SET status = 'sending', attempts = m.attempts + 1,
            next_attempt_at = $1::timestamptz + $3 * interval '1 millisecond'
       FROM due
      WHERE m.id = due.id
     RETURNING m.*, due.status AS was`,
    [options.now, options.limit, options.leaseMs],
  );
  return rows
    .map((row) => ({ ...toMessage(row), reclaimed: row.was === 'sending' }))
    .sort((a, b) => Number(a.id) - Number(b.id));
}

const DUE_DIGEST_ROWS = `
  SELECT id, status FROM outbox_messages
   WHERE digest AND recipient = $2 AND status IN ('pending', 'sending') AND next_attempt_at <= $1`;

/**
 * Claims every due digest row of one recipient at once — an officer's day is one e-mail whatever the batch
 * size or the number of loops. Recipients are taken under a transaction-scoped advisory lock, so two loops
 * never split one officer's rows; the rows are read after the lock is held, when the claim of a loop that
 * held it before is committed and visible.
 */
export async function claimDueDigest(
  pool: Pool,
  options: { now: Date; leaseMs: number },
): Promise<ClaimedMessage[]> {
  return inTransaction(pool, async (client) => {
    const { rows: candidates } = await client.query<{ recipient: string }>(
      `SELECT recipient FROM outbox_messages
        WHERE digest AND status IN ('pending', 'sending') AND next_attempt_at <= $1
        GROUP BY recipient ORDER BY min(next_attempt_at), recipient LIMIT 10`,
      [options.now],
    );
    for (const { recipient } of candidates) {
      const { rows: locked } = await client.query<{ held: boolean }>(
        `SELECT pg_try_advisory_xact_lock(hashtextextended('outbox-digest:' || $1, 0)) AS held`,
        [recipient],
      );
      if (!locked[0]?.held) continue;
      const { rows } = await client.query<OutboxRow & { was: OutboxStatus }>(
        `WITH due AS (${DUE_DIGEST_ROWS} FOR UPDATE)
         UPDATE outbox_messages m
            SET status = 'sending', attempts = m.attempts + 1,
                next_attempt_at = $1::timestamptz + $3 * interval '1 millisecond'
           FROM due
          WHERE m.id = due.id
         RETURNING m.*, due.status AS was`,
        [options.now, recipient, options.leaseMs],
      );
      if (rows.length > 0) {
        return rows
          .map((row) => ({ ...toMessage(row), reclaimed: row.was === 'sending' }))
          .sort((a, b) => Number(a.id) - Number(b.id));
      }
    }
    return [];
  });
}

/**
 * Moves the lease of a claimed row on just before its message is sent, if the row is still this claim's:
 * 'sending' with the attempt number the claim gave it. A batch is sent one message after another, so the
 * last ones could otherwise outlive the lease set at claim time, be taken by another loop and be sent twice.
 * False: another dispatcher has it now (or it is settled); this one must not send it.
 */
export async function renewLease(
  db: Queryable,
  message: Pick<ClaimedMessage, 'id' | 'attempts'>,
  options: { now: Date; leaseMs: number },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE outbox_messages SET next_attempt_at = $3::timestamptz + $4 * interval '1 millisecond'
      WHERE id = $1 AND status = 'sending' AND attempts = $2`,
    [message.id, message.attempts, options.now, options.leaseMs],
  );
  return rowCount === 1;
}

export interface AttemptRecord {
  messageId: string;
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  provider: string;
  providerId?: string;
  error?: string;
}

export type AttemptOutcome =
  | { outcome: 'sent' }
  | { outcome: 'retry'; nextAttemptAt: Date }
  | { outcome: 'failed'; alert: string }
  | { outcome: 'suppressed' };

/**
 * Records one attempt and moves the message on, in one short transaction. Only the claim that owns the row
 * ('sending' with this attempt number) moves it: a dispatcher whose lease ran out and whose row was taken by
 * another records what it did in the history but cannot flip the row (nor a row already sent).
 */
export async function recordAttempt(
  pool: Pool,
  attempt: AttemptRecord,
  result: AttemptOutcome,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO outbox_attempts (message_id, attempt, started_at, finished_at, outcome, provider, provider_id,
         error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        attempt.messageId,
        attempt.attempt,
        attempt.startedAt,
        attempt.finishedAt,
        result.outcome,
        attempt.provider,
        attempt.providerId ?? null,
        attempt.error ?? null,
      ],
    );
    const status = result.outcome === 'retry' ? 'pending' : result.outcome;
    const { rowCount } = await client.query(
      `UPDATE outbox_messages
          SET status = $2, provider = $3, provider_id = COALESCE($4, provider_id), last_error = $5,
              sent_at = CASE WHEN $2 = 'sent' THEN $6 ELSE sent_at END,
              next_attempt_at = COALESCE($7, next_attempt_at)
        WHERE id = $1 AND status = 'sending' AND attempts = $8`,
      [
        attempt.messageId,
        status,
        attempt.provider,
        attempt.providerId ?? null,
        attempt.error ?? null,
        attempt.finishedAt,
        result.outcome === 'retry' ? result.nextAttemptAt : null,
        attempt.attempt,
      ],
    );
    if (result.outcome === 'failed' && rowCount) {
      await alertAdmins(client, attempt.messageId, result.alert, attempt.finishedAt);
    }
  });
}

/**
 * A message that will not reach its person: an alert to the admins of the dossier's province, among their
 * notifications (`kind = 'delivery_failed'`), one per message.
 */
export async function alertAdmins(db: Queryable, messageId: string, text: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO notifications (dossier_code, seq, audience, role, unit_code, kind, message, created_at,
       outbox_message_id)
     SELECT m.dossier_code, m.seq, 'admin', 'admin', d.province_code, 'delivery_failed', $2, $3, m.id
       FROM outbox_messages m JOIN dossiers d ON d.code = m.dossier_code
      WHERE m.id = $1
     ON CONFLICT DO NOTHING`,
    [messageId, text, at],
  );
}

/** The unknown outcome of a claim whose dispatcher stopped: recorded as an attempt so the history is whole. */
export async function recordLostAttempt(pool: Pool, message: ClaimedMessage, at: Date): Promise<void> {
  await pool.query(
    `INSERT INTO outbox_attempts (message_id, attempt, started_at, finished_at, outcome, provider, error)
     VALUES ($1, $2, $3, $3, 'retry', 'unknown', $4)`,
    [
      message.id,
      message.attempts - 1,
      at,
      'Bộ gửi dừng giữa chừng, không ghi được kết quả; gửi lại với cùng khóa chống trùng',
    ],
  );
}

export async function isOptedOut(db: Queryable, phone: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM sms_opt_outs WHERE phone = $1', [phone]);
  return rows.length > 0;
}

export async function optOut(db: Queryable, phone: string, keyword: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO sms_opt_outs (phone, keyword, opted_out_at) VALUES ($1, $2, $3)
     ON CONFLICT (phone) DO UPDATE SET keyword = EXCLUDED.keyword, opted_out_at = EXCLUDED.opted_out_at`,
    [phone, keyword, at],
  );
}

export async function optIn(db: Queryable, phone: string): Promise<void> {
  await db.query('DELETE FROM sms_opt_outs WHERE phone = $1', [phone]);
}

export interface OutboxFilter {
  /** Only messages of dossiers received in these units (the admin's scope). */
  unitCodes: readonly string[];
  status?: OutboxStatus;
  channel?: 'email' | 'sms';
  dossierCode?: string;
  /** Messages with an id below this one (the next page). */
  beforeId?: string;
  limit: number;
}

export interface OutboxAttempt {
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  outcome: (typeof ATTEMPT_OUTCOMES)[number];
  provider: string;
  providerId: string | null;
  error: string | null;
}

/** Newest first, with each message's attempts. */
export async function listOutbox(
  db: Queryable,
  filter: OutboxFilter,
): Promise<{ messages: Array<OutboxMessage & { attemptLog: OutboxAttempt[] }>; nextBeforeId?: string }> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT m.* FROM outbox_messages m JOIN dossiers d ON d.code = m.dossier_code
      WHERE d.commune_code = ANY($1)
        AND ($2::text IS NULL OR m.status = $2)
        AND ($3::text IS NULL OR m.channel = $3)
        AND ($4::text IS NULL OR m.dossier_code = $4)
        AND ($5::bigint IS NULL OR m.id < $5)
      ORDER BY m.id DESC
      LIMIT $6`,
    [
      filter.unitCodes,
      filter.status ?? null,
      filter.channel ?? null,
      filter.dossierCode ?? null,
      filter.beforeId ?? null,
      filter.limit + 1,
    ],
  );
  const page = rows.slice(0, filter.limit).map(toMessage);
  const ids = page.map((m) => m.id);
  const { rows: attempts } = await db.query<{
    message_id: string;
    attempt: number;
    started_at: Date;
    finished_at: Date;
    outcome: (typeof ATTEMPT_OUTCOMES)[number];
    provider: string;
    provider_id: string | null;
    error: string | null;
  }>(
    `SELECT message_id, attempt, started_at, finished_at, outcome, provider, provider_id, error
       FROM outbox_attempts WHERE message_id = ANY($1::bigint[]) ORDER BY message_id, id`,
    [ids],
  );
  const byMessage = new Map<string, OutboxAttempt[]>();
  for (const a of attempts) {
    const list = byMessage.get(String(a.message_id)) ?? [];
    list.push({
      attempt: a.attempt,
      startedAt: a.started_at,
      finishedAt: a.finished_at,
      outcome: a.outcome,
      provider: a.provider,
      providerId: a.provider_id,
      error: a.error,
    });
    byMessage.set(String(a.message_id), list);
  }
  const last = page[page.length - 1];
  return {
    messages: page.map((m) => ({ ...m, attemptLog: byMessage.get(m.id) ?? [] })),
    ...(rows.length > filter.limit && last ? { nextBeforeId: last.id } : {}),
  };
}
