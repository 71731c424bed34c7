/**
 * Limits on submissions without an account (POST /api/dossiers, the online application page): each starts a
 * workflow and spends a dossier number. Per client address and per phone (rate limits, app/rate-limit.ts),
 * and per receiving unit and day (a bound below the code format's 9999, so the one-stop desk always has
 * numbers left: the desk's walk-in dossiers are never counted here).
 */
import type { PoolClient } from 'pg';
import { countOnlineSubmission } from '../../db/dossier-codes';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { countAttemptIn, tooManyAttempts } from '../rate-limit';

export const SUBMISSION_LIMITS = {
  perAddress: 10,
  perPhone: 3,
  windowMs: 60 * 60 * 1000,
  onlinePerUnitPerDay: 300,
} as const;

export function submissionLimitsOf(deps: AppDeps): NonNullable<AppDeps['submissionLimits']> {
  return deps.submissionLimits ?? SUBMISSION_LIMITS;
}

/**
 * Counts this online submission per address and phone in the submission's own transaction (no second
 * connection while it holds one: concurrent submissions would exhaust the pool), or 429 TOO_MANY_ATTEMPTS.
 * What is limited is what a submission spends — a number, a workflow — so a refused or invalid one that rolls
 * back does not count.
 */
export async function countOnlineAttempt(
  deps: AppDeps,
  db: PoolClient,
  request: { clientAddress: string; phone: string; now: Date },
): Promise<void> {
  const { perAddress, perPhone, windowMs } = submissionLimitsOf(deps);
  const wait = await countAttemptIn(
    db,
    [
      { bucket: 'submission address', key: request.clientAddress, limit: { max: perAddress, windowMs } },
      { bucket: 'submission phone', key: request.phone, limit: { max: perPhone, windowMs } },
    ],
    request.now,
  );
  if (wait > 0) throw tooManyAttempts('Gửi hồ sơ trực tuyến', wait);
}

/** Seconds from `now` to the next legal midnight (Asia/Ho_Chi_Minh, UTC+7). */
function secondsToTomorrow(now: Date): number {
  const vietnam = now.getTime() + 7 * 60 * 60 * 1000;
  const nextMidnight = (Math.floor(vietnam / 86_400_000) + 1) * 86_400_000;
  return Math.max(1, Math.ceil((nextMidnight - vietnam) / 1000));
}

/** Takes one of the unit's online places for the day, in the submission's transaction; 429 when none is left. */
export async function takeOnlinePlace(
  deps: AppDeps,
  db: PoolClient,
  unitCode: string,
  receivedOn: string,
  now: Date,
): Promise<void> {
  const limit = submissionLimitsOf(deps).onlinePerUnitPerDay;
  if (await countOnlineSubmission(db, unitCode, receivedOn, limit)) return;
  const retryAfter = secondsToTomorrow(now);
  throw new AppError(
    429,
    'ONLINE_DAILY_LIMIT_REACHED',
    'Đơn vị đã nhận đủ số hồ sơ trực tuyến trong ngày hôm nay. Vui lòng nộp lại vào ngày mai, hoặc nộp trực ' +
      'tiếp tại Bộ phận Một cửa của xã, phường.',
    { headers: { 'Retry-After': String(retryAfter) } },
  );
}
