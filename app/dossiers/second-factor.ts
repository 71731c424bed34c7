/**
 * A citizen reaches a dossier with its code plus a second factor (the phone on the application, or the last
 * four digits of the ID number). A wrong factor and an unknown code get the same 404, so the answer does not
 * reveal whether a dossier exists. Wrong factors are throttled twice over, in Postgres:
 * - per code and client address (10 in 15 minutes), because four digits are only 10,000 guesses;
 * - per client address across all codes (20 in 15 minutes), because codes are sequential
 *   (<commune>-<YYMMDD>-<NNNN>): someone who knows a neighbour's phone number could otherwise try it
 *   against every code of a commune, 10 guesses each.
 * Past either limit every look-up from that address answers 429 (with Retry-After), the right factor too:
 * answering it would tell the guesser which guess was right.
 *
 * The common look-up (the right factor, from an address without a recent failure) takes one read (two
 * statements, or one that also reads what the caller shows: withSecondFactor) and no lock; anything else goes through the locked transaction that counts and records failures. A burst of
 * guesses from a fresh address can have its right guess answered only while no failure of that burst has
 * committed yet — at most the API's pool size of look-ups, the per-code limit's order — and from then on
 * every look-up of that address queues on the lock as before.
 */
import { secondsUntilFree, tooManyAttempts } from '../rate-limit';
import { findDossier, type DossierRecord } from '../../db/dossier-views';
import { inTransaction } from '../../db/queryable';
import {
  addressHasRecentFailures,
  lockTrackingAddress,
  recentTrackingFailures,
  recentTrackingFailuresOfAddress,
  recordTrackingFailure,
} from '../../db/tracking-failures';
import { clockOf, type AppDeps } from '../deps';
import { notFound } from '../errors';
import type { SecondFactor } from './schemas';

export interface TrackingThrottle {
  /** Wrong factors allowed per (code, address) within `windowMs`. */
  perCode: number;
  /** Wrong factors allowed per address, whatever the codes, within `windowMs`. */
  perAddress: number;
  windowMs: number;
}

export const TRACKING_THROTTLE: TrackingThrottle = {
  perCode: 10,
  perAddress: 20,
  windowMs: 15 * 60 * 1000,
};

const NOT_FOUND_MESSAGE = 'Không tìm thấy hồ sơ với mã và thông tin xác thực đã nhập';

function matches(dossier: DossierRecord, factor: SecondFactor): boolean {
  if (factor.phone !== undefined) return dossier.applicantPhone === factor.phone;
  return dossier.applicantIdLast4 !== null && dossier.applicantIdLast4 === factor.idLast4;
}

export async function dossierForCitizen(
  deps: AppDeps,
  code: string,
  factor: SecondFactor,
  clientIp: string,
): Promise<DossierRecord> {
  const { dossier } = await withSecondFactor(deps, { code, factor, clientIp }, async (since) => {
    const [failedBefore, found] = await Promise.all([
      addressHasRecentFailures(deps.pool, clientIp, since),
      findDossier(deps.pool, code),
    ]);
    return { failedBefore, ...(found ? { dossier: found } : {}) };
  });
  return dossier;
}

/**
 * The look-up itself, for callers that read more beside the dossier in the same statement (tracking:
 * db/tracking-read.ts): `read` answers whether the address failed since `since` and the dossier, if any. On
 * the common path that one read is all; otherwise the locked, counted check below decides, and what `read`
 * brought is answered only once the factor is proven right.
 */
export async function withSecondFactor<R extends { failedBefore: boolean; dossier?: DossierRecord }>(
  deps: AppDeps,
  access: { code: string; factor: SecondFactor; clientIp: string },
  read: (since: Date) => Promise<R>,
): Promise<R & { dossier: DossierRecord }> {
  const { code, factor, clientIp } = access;
  const now = clockOf(deps)();
  const { perCode, perAddress, windowMs } = deps.trackingThrottle ?? TRACKING_THROTTLE;
  const since = new Date(now.getTime() - windowMs);
  const first = await read(since);
  if (!first.failedBefore && first.dossier && matches(first.dossier, factor)) {
    return first as R & { dossier: DossierRecord };
  }
  // The failure must be committed even though the answer is an error: the transaction returns, then throws.
  const found = await inTransaction(deps.pool, async (client) => {
    await lockTrackingAddress(client, clientIp);
    const retryAfter = Math.max(
      secondsUntilFree(
        await recentTrackingFailures(client, code, clientIp, since),
        { max: perCode, windowMs },
        now,
      ),
      secondsUntilFree(
        await recentTrackingFailuresOfAddress(client, clientIp, since),
        { max: perAddress, windowMs },
        now,
      ),
    );
    if (retryAfter > 0) throw tooManyAttempts('Nhập sai thông tin tra cứu', retryAfter);
    const dossier = await findDossier(client, code);
    if (dossier && matches(dossier, factor)) return dossier;
    await recordTrackingFailure(client, code, clientIp, now);
    return undefined;
  });
  if (!found) throw notFound(NOT_FOUND_MESSAGE);
  // Read before the dossier existed (it was received meanwhile): read again, now that it does.
  const read_ = first.dossier ? first : await read(since);
  return { ...read_, dossier: found };
}
