/** Objections anyone may file during a posting: counted per client address in Postgres, 429 past the limit. */
import {
  lockComplaintAddress,
  recentComplaintAttempts,
  recordComplaintAttempt,
} from '../../db/public-complaint-attempts';
import { inTransaction } from '../../db/queryable';
import { clockOf, type AppDeps } from '../deps';
import { secondsUntilFree, tooManyAttempts } from '../rate-limit';

export const PUBLIC_COMPLAINT_THROTTLE = { maxAttempts: 10, windowMs: 60 * 60 * 1000 };

/** Counts this attempt (committed whatever the answer), or 429 past the limit of the address. */
export async function countPublicComplaint(deps: AppDeps, clientIp: string, code: string): Promise<void> {
  const { maxAttempts, windowMs } = deps.publicComplaintThrottle ?? PUBLIC_COMPLAINT_THROTTLE;
  const now = clockOf(deps)();
  const retryAfter = await inTransaction(deps.pool, async (client) => {
    await lockComplaintAddress(client, clientIp);
    const attempts = await recentComplaintAttempts(client, clientIp, new Date(now.getTime() - windowMs));
    const wait = secondsUntilFree(attempts, { max: maxAttempts, windowMs }, now);
    if (wait > 0) return wait;
    await recordComplaintAttempt(client, clientIp, code, now);
    return 0;
  });
  if (retryAfter > 0) throw tooManyAttempts('Gửi khiếu nại', retryAfter);
}
