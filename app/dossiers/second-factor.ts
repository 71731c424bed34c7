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
 */
import { findDossier, type DossierRecord } from '../../db/dossier-views';
import { inTransaction } from '../../db/queryable';
import {
  lockTrackingAddress,
  recentTrackingFailures,
  recentTrackingFailuresOfAddress,
  recordTrackingFailure,
} from '../../db/tracking-failures';
import { clockOf, type AppDeps } from '../deps';
import { AppError, notFound } from '../errors';
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

/** Seconds until the failure that makes the count reach `max` leaves the window; undefined when under it. */
function blockedFor(failures: readonly Date[], max: number, windowMs: number, now: Date): number | undefined {
  if (failures.length < max) return undefined;
  const freesUp = failures[failures.length - max] as Date;
  return Math.max(1, Math.ceil((freesUp.getTime() + windowMs - now.getTime()) / 1000));
}

export async function dossierForCitizen(
  deps: AppDeps,
  code: string,
  factor: SecondFactor,
  clientIp: string,
): Promise<DossierRecord> {
  const now = clockOf(deps)();
  const { perCode, perAddress, windowMs } = deps.trackingThrottle ?? TRACKING_THROTTLE;
  const since = new Date(now.getTime() - windowMs);
  // The failure must be committed even though the answer is an error: the transaction returns, then throws.
  const found = await inTransaction(deps.pool, async (client) => {
    await lockTrackingAddress(client, clientIp);
    const retryAfter = Math.max(
      blockedFor(await recentTrackingFailures(client, code, clientIp, since), perCode, windowMs, now) ?? 0,
      blockedFor(await recentTrackingFailuresOfAddress(client, clientIp, since), perAddress, windowMs, now) ??
        0,
    );
    if (retryAfter > 0) {
      throw new AppError(
        429,
        'TOO_MANY_ATTEMPTS',
        `Nhập sai thông tin tra cứu quá nhiều lần, vui lòng thử lại sau ${Math.ceil(retryAfter / 60)} phút`,
        { headers: { 'Retry-After': String(retryAfter) } },
      );
    }
    const dossier = await findDossier(client, code);
    if (dossier && matches(dossier, factor)) return dossier;
    await recordTrackingFailure(client, code, clientIp, now);
    return undefined;
  });
  if (!found) throw notFound(NOT_FOUND_MESSAGE);
  return found;
}
