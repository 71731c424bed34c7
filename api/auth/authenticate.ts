/**
 * Bearer-token authentication (the session itself: app/auth/session.ts). Routes declared through the registry get the caller as `ctx.auth`; plain
 * express routers can use the `authenticate` and `requireRole` middleware and read `currentAuth(req)`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppDeps } from '../../app/deps';
import { unauthenticated } from '../../app/errors';
import type { UserRole } from '../../app/auth/roles';
import { assertRole, sessionOfToken, type AuthContext } from '../../app/auth/session';

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

/** The caller of a request, or a 401 AppError: missing, malformed, unknown, expired or revoked token. */
export async function resolveAuth(req: Request, deps: AppDeps): Promise<AuthContext> {
  const header = req.get('authorization');
  if (!header) throw unauthenticated();
  const match = BEARER.exec(header.trim());
  if (!match?.[1]) throw unauthenticated('Mã đăng nhập không hợp lệ');
  return sessionOfToken(deps, match[1]);
}

const authByRequest = new WeakMap<Request, AuthContext>();

/** Express middleware: authenticates the request or answers 401. */
export function authenticate(deps: AppDeps): RequestHandler {
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
