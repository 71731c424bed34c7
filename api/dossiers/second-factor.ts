/**
 * A citizen reaches a dossier with its code plus a second factor (the phone on the application, or the last
 * four digits of the ID number). A wrong factor and an unknown code get the same 404, so the answer does not
 * reveal whether a dossier exists; ten wrong factors per code and client address in 15 minutes get 429,
 * because four digits are only 10,000 guesses.
 */
import type { Request } from 'express';
import { findDossier, type DossierRecord } from '../../db/dossier-views';
import { inTransaction } from '../../db/queryable';
import { lockTrackingKey, recentTrackingFailures, recordTrackingFailure } from '../../db/tracking-failures';
import { clockOf, type ApiDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import type { SecondFactor } from './schemas';

export const TRACKING_THROTTLE = { maxFailures: 10, windowMs: 15 * 60 * 1000 };

const NOT_FOUND_MESSAGE = 'Không tìm thấy hồ sơ với mã và thông tin xác thực đã nhập';

function matches(dossier: DossierRecord, factor: SecondFactor): boolean {
  if (factor.phone !== undefined) return dossier.applicantPhone === factor.phone;
  return dossier.applicantIdLast4 !== null && dossier.applicantIdLast4 === factor.idLast4;
}

export async function dossierForCitizen(
  deps: ApiDeps,
  code: string,
  factor: SecondFactor,
  req: Request,
): Promise<DossierRecord> {
  const clientIp = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const now = clockOf(deps)();
  const { maxFailures, windowMs } = TRACKING_THROTTLE;
  // The failure must be committed even though the answer is an error: the transaction returns, then throws.
  const found = await inTransaction(deps.pool, async (client) => {
    await lockTrackingKey(client, code, clientIp);
    const failures = await recentTrackingFailures(client, code, clientIp, new Date(now.getTime() - windowMs));
    if (failures.length >= maxFailures) {
      const freesUp = failures[failures.length - maxFailures] as Date;
      const retryAfter = Math.max(1, Math.ceil((freesUp.getTime() + windowMs - now.getTime()) / 1000));
      throw new ApiError(
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
