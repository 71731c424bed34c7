/**
 * The one rule of every rate limit in the system (login failures, wrong tracking factors, public objections,
 * online submissions): a sliding window of `max` attempts per `windowMs`; past it, 429 TOO_MANY_ATTEMPTS with
 * a Vietnamese message and Retry-After, the seconds until the oldest attempt that counts leaves the window.
 * Where the attempts are stored differs (failures only, or every attempt); the arithmetic and the answer live
 * here.
 */
import type { PoolClient } from 'pg';
import { inTransaction } from '../db/queryable';
import { lockRateLimitKey, recentAttempts, recordAttempt } from '../db/rate-limits';
import { clockOf, type AppDeps } from './deps';
import { AppError } from './errors';

export interface RateLimit {
  max: number;
  windowMs: number;
}

/** Seconds until the attempt that makes the count reach `max` leaves the window; 0 when under it. */
export function secondsUntilFree(attempts: readonly Date[], { max, windowMs }: RateLimit, now: Date): number {
  if (attempts.length < max) return 0;
  const freesUp = attempts[attempts.length - max] as Date;
  return Math.max(1, Math.ceil((freesUp.getTime() + windowMs - now.getTime()) / 1000));
}

/** The 429 every limit answers: `what` says what was done too often ("Đăng nhập sai", "Gửi hồ sơ"). */
export function tooManyAttempts(what: string, retryAfterSeconds: number): AppError {
  return new AppError(
    429,
    'TOO_MANY_ATTEMPTS',
    `${what} quá nhiều lần, vui lòng thử lại sau ${Math.ceil(retryAfterSeconds / 60)} phút`,
    { headers: { 'Retry-After': String(retryAfterSeconds) } },
  );
}

export type CountedLimits = ReadonlyArray<{ bucket: string; key: string; limit: RateLimit }>;

/**
 * Inside the caller's transaction: counts one attempt under each of `limits` (bucket → key and limit), or
 * answers the wait in seconds when a limit is already reached (nothing counted). The count stands only if
 * the transaction commits: for what is limited because of what it spends (a dossier number, a workflow).
 */
export async function countAttemptIn(client: PoolClient, limits: CountedLimits, now: Date): Promise<number> {
  // Keys locked in one order, so two attempts sharing two keys cannot deadlock.
  const ordered = [...limits].sort((a, b) => `${a.bucket} ${a.key}`.localeCompare(`${b.bucket} ${b.key}`));
  for (const { bucket, key } of ordered) await lockRateLimitKey(client, bucket, key);
  let wait = 0;
  for (const { bucket, key, limit } of ordered) {
    const attempts = await recentAttempts(client, bucket, key, new Date(now.getTime() - limit.windowMs));
    wait = Math.max(wait, secondsUntilFree(attempts, limit, now));
  }
  if (wait > 0) return wait;
  for (const { bucket, key } of ordered) await recordAttempt(client, bucket, key, now);
  return 0;
}

/** Counts one attempt in a transaction of its own, committed whatever comes next; 429 past a limit. */
export async function countAttempt(deps: AppDeps, what: string, limits: CountedLimits): Promise<void> {
  const now = clockOf(deps)();
  const retryAfter = await inTransaction(deps.pool, (client) => countAttemptIn(client, limits, now));
  if (retryAfter > 0) throw tooManyAttempts(what, retryAfter);
}
