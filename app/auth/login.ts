/**
 * Password login with throttling: at most `maxFailures` failed attempts per (username, client address) in a
 * sliding window, counted in Postgres so every API process agrees. An unknown user, a wrong password and a
 * deactivated account all get the same answer, in about the same time.
 */
import { secondsUntilFree, tooManyAttempts } from '../rate-limit';
import {
  clearFailures,
  lockLoginKey,
  pruneFailures,
  recentFailures,
  recordFailure,
} from '../../db/login-failures';
import { inTransaction } from '../../db/queryable';
import { insertSession, purgeExpiredSessions } from '../../db/sessions';
import { findUserByUsername } from '../../db/users';
import { clockOf, type AppDeps } from '../deps';
import { AppError } from '../errors';
import { toAuthenticatedUser, type AuthenticatedUser } from './session';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { newSessionToken, SESSION_TTL_MS, sha256Hex } from './tokens';

export const DEFAULT_LOGIN_THROTTLE = { maxFailures: 5, windowMs: 15 * 60 * 1000 };

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: AuthenticatedUser;
}

type Attempt = { ok: true; result: LoginResult } | { ok: false };

export async function login(
  deps: AppDeps,
  input: { username: string; password: string; clientIp: string },
): Promise<LoginResult> {
  const { maxFailures, windowMs } = deps.loginThrottle ?? DEFAULT_LOGIN_THROTTLE;
  const now = clockOf(deps)();
  const { username, password, clientIp } = input;

  // The failure must be committed even though the answer is an error, so the transaction returns a value
  // and the 401 is thrown after it.
  const attempt = await inTransaction<Attempt>(deps.pool, async (client) => {
    await lockLoginKey(client, username, clientIp);
    const windowStart = new Date(now.getTime() - windowMs);
    await pruneFailures(client, windowStart);
    const failures = await recentFailures(client, username, clientIp, windowStart);
    if (failures.length >= maxFailures) {
      // The next attempt is allowed once enough failures have left the window to go below the limit.
      throw tooManyAttempts('Đăng nhập sai', secondsUntilFree(failures, { max: maxFailures, windowMs }, now));
    }

    const user = await findUserByUsername(client, username);
    const passwordOk = user
      ? await verifyPassword(user.passwordHash, password)
      : (await burnPasswordCheck(password), false);
    if (!user || !passwordOk || !user.active) {
      await recordFailure(client, username, clientIp, now);
      return { ok: false };
    }

    await clearFailures(client, username, clientIp);
    // This user's dead sessions go now (a few rows on an index); everyone's go in the periodic purge.
    await purgeExpiredSessions(client, now, user.id);
    const token = newSessionToken();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await insertSession(client, {
      tokenSha256: sha256Hex(token),
      userId: user.id,
      createdAt: now,
      expiresAt,
    });
    const { passwordHash: _omitted, ...record } = user;
    return {
      ok: true,
      result: { token, expiresAt: expiresAt.toISOString(), user: toAuthenticatedUser(record) },
    };
  });

  if (!attempt.ok) {
    throw new AppError(401, 'INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng');
  }
  return attempt.result;
}
