/**
 * Deletes what has served its purpose (runtime retention schedule). Each DELETE is bounded by an age, so a run
 * never touches a row still in use: a live session, a key that may still be replayed, a throttle row inside
 * its window, a message not yet delivered. Failed outbox messages are kept: admins resend or read them.
 */
import { purgeExpiredSessions } from './sessions';
import type { Queryable } from './queryable';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** Tables of throttles and rate limits: one row per attempt, with its time. */
const THROTTLE_TABLES = [
  'login_failures',
  'rate_limit_attempts',
  'tracking_failures',
  'public_complaint_attempts',
] as const;

export async function purgeIdempotencyKeys(db: Queryable, before: Date): Promise<number> {
  const result = await db.query('DELETE FROM idempotency_keys WHERE created_at < $1', [before]);
  return result.rowCount ?? 0;
}

export async function purgeThrottleRows(db: Queryable, before: Date): Promise<number> {
  let deleted = 0;
  for (const table of THROTTLE_TABLES) {
    const result = await db.query(`DELETE FROM ${table} WHERE attempted_at < $1`, [before]);
    deleted += result.rowCount ?? 0;
  }
  return deleted;
}

/**
 * Sent (or suppressed: an opt-out) messages; their attempts go with them (ON DELETE CASCADE). A message an
 * admin alert points at (notifications.outbox_message_id: it failed once, then was resent) stays with it.
 */
export async function purgeDeliveredOutbox(db: Queryable, before: Date): Promise<number> {
  const result = await db.query(
    `DELETE FROM outbox_messages
      WHERE status IN ('sent', 'suppressed') AND coalesce(sent_at, created_at) < $1
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.outbox_message_id = outbox_messages.id)`,
    [before],
  );
  return result.rowCount ?? 0;
}

export async function purgeRetained(
  db: Queryable,
  now: Date,
  periods: { idempotencyDays: number; throttleDays: number; outboxDays: number },
): Promise<{ sessions: number; idempotencyKeys: number; throttleRows: number; outboxMessages: number }> {
  return {
    sessions: await purgeExpiredSessions(db, now),
    idempotencyKeys: await purgeIdempotencyKeys(db, daysBefore(now, periods.idempotencyDays)),
    throttleRows: await purgeThrottleRows(db, daysBefore(now, periods.throttleDays)),
    outboxMessages: await purgeDeliveredOutbox(db, daysBefore(now, periods.outboxDays)),
  };
}
