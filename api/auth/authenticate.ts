/**
 * Bearer-token authentication. Routes declared through the registry get the caller as `ctx.auth`; plain
 * express routers can use the `authenticate` and `requireRole` middleware and read `currentAuth(req)`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { findActiveSession } from '../../db/sessions';
import type { UserRecord } from '../../db/users';
import { clockOf, type ApiDeps } from '../deps';
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

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

/** The caller of a request, or a 401 ApiError: missing, malformed, unknown, expired or revoked token. */
export async function resolveAuth(req: Request, deps: ApiDeps): Promise<AuthContext> {
  const header = req.get('authorization');
  if (!header) throw unauthenticated();
  const match = BEARER.exec(header.trim());
  if (!match?.[1]) throw unauthenticated('Mã đăng nhập không hợp lệ');
  const tokenSha256 = sha256Hex(match[1]);
  const session = await findActiveSession(deps.pool, tokenSha256, clockOf(deps)());
  if (!session)
    throw unauthenticated('Phiên đăng nhập đã hết hạn hoặc không còn hiệu lực, vui lòng đăng nhập lại');
  return { user: toAuthenticatedUser(session.user), tokenSha256, expiresAt: session.expiresAt };
}

export function assertRole(auth: AuthContext, roles: readonly UserRole[]): void {
  if (!roles.includes(auth.user.role)) throw forbidden();
}

const authByRequest = new WeakMap<Request, AuthContext>();

/** Express middleware: authenticates the request or answers 401. */
export function authenticate(deps: ApiDeps): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    authByRequest.set(req, await resolveAuth(req, deps));
    next();
  };
}

/** Express middleware after `authenticate`: only the listed roles pass, others get 403. */
export function requireRole(...roles: UserRole[]): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    assertRole(currentAuth(req), roles);
    next();
  };
}

/** The caller set by `authenticate` (or by a registry route); 401 when the request was not authenticated. */
export function currentAuth(req: Request): AuthContext {
  const auth = authByRequest.get(req);
  if (!auth) throw unauthenticated();
  return auth;
}

export function rememberAuth(req: Request, auth: AuthContext): void {
  authByRequest.set(req, auth);
}
