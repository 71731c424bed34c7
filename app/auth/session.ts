/**
 * Sessions: the caller behind an opaque token, whichever adapter carried it (the API's bearer header, the
 * pages' cookie). Tokens are stored only as their SHA-256.
 */
import { findActiveSession, revokeSession } from '../../db/sessions';
import type { UserRecord } from '../../db/users';
import { clockOf, type AppDeps } from '../deps';
import { forbidden, unauthenticated } from '../errors';
import { UserRoleSchema, type UserRole } from './roles';
import { sha256Hex } from './tokens';

export interface AuthenticatedUser extends Omit<UserRecord, 'role'> {
  role: UserRole;
}

export interface AuthContext {
  user: AuthenticatedUser;
  /** SHA-256 of the bearer token, to revoke this session at logout. */
  tokenSha256: string;
  expiresAt: string;
}

export function toAuthenticatedUser(record: UserRecord): AuthenticatedUser {
  // The column's CHECK constraint lists the same roles; parse anyway so a stray role fails loudly.
  return { ...record, role: UserRoleSchema.parse(record.role) };
}

/** The caller holding `token`, or a 401 AppError: unknown, expired or revoked session. */
export async function sessionOfToken(deps: AppDeps, token: string): Promise<AuthContext> {
  const tokenSha256 = sha256Hex(token);
  const session = await findActiveSession(deps.pool, tokenSha256, clockOf(deps)());
  if (!session)
    throw unauthenticated('Phiên đăng nhập đã hết hạn hoặc không còn hiệu lực, vui lòng đăng nhập lại');
  return { user: toAuthenticatedUser(session.user), tokenSha256, expiresAt: session.expiresAt };
}

export function assertRole(auth: AuthContext, roles: readonly UserRole[]): void {
  if (!roles.includes(auth.user.role)) throw forbidden();
}

/** Ends the session (logout); the token no longer opens anything. */
export async function endSession(deps: AppDeps, auth: AuthContext): Promise<void> {
  await revokeSession(deps.pool, auth.tokenSha256, clockOf(deps)());
}
