/**
 * Officers' sessions on the pages: an HttpOnly, SameSite=Lax cookie (Secure over TLS) carrying the same opaque
 * token the JSON API takes as a bearer token (app/auth/session.ts). Citizens have no session; they get a
 * random visitor id so their forms can carry CSRF tokens too.
 */
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sessionOfToken } from '../app/auth/session';
import type { UserRole } from '../app/auth/roles';
import { AppError } from '../app/errors';
import type { WebDeps } from './deps';
import { localsOf } from './page';

export const SESSION_COOKIE = 'tgxh_session';
export const VISITOR_COOKIE = 'tgxh_visitor';
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

function cookieOptions(req: Request, maxAgeMs?: number) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: req.secure,
    path: '/',
    ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}),
  };
}

export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: string): void {
  res.cookie(SESSION_COOKIE, token, cookieOptions(req, Math.max(0, Date.parse(expiresAt) - Date.now())));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

export function sessionTokenOf(req: Request): string | undefined {
  const token = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof token === 'string' && TOKEN.test(token) ? token : undefined;
}

/** The id CSRF tokens are bound to: the session token when signed in, else the visitor id. */
export function csrfIdentifierOf(req: Request): string {
  const cookies = (req.cookies ?? {}) as Record<string, unknown>;
  const visitor = cookies[VISITOR_COOKIE];
  return sessionTokenOf(req) ?? (typeof visitor === 'string' ? visitor : '');
}

/** Reads the session cookie into res.locals.auth; a stale cookie is cleared. Gives visitors their id. */
export function loadSession(deps: WebDeps): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = sessionTokenOf(req);
    if (token) {
      try {
        localsOf(res).auth = await sessionOfToken(deps, token);
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 401) throw error;
        clearSessionCookie(req, res);
      }
    }
    if (!token && !(req.cookies as Record<string, unknown> | undefined)?.[VISITOR_COOKIE]) {
      const visitor = randomBytes(18).toString('base64url');
      res.cookie(VISITOR_COOKIE, visitor, cookieOptions(req));
      (req.cookies as Record<string, string>)[VISITOR_COOKIE] = visitor;
    }
    next();
  };
}

/** Officer pages: without a session, to the login page and back here afterwards; wrong role: 403 page. */
export function requireOfficer(roles?: readonly UserRole[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const auth = localsOf(res).auth;
    if (!auth) {
      const back = req.method === 'GET' ? req.originalUrl : '/can-bo/viec-can-lam';
      res.redirect(303, `/can-bo/dang-nhap?tiep=${encodeURIComponent(back)}`);
      return;
    }
    if (roles && !roles.includes(auth.user.role)) {
      throw new AppError(403, 'FORBIDDEN', 'Bạn không có quyền mở trang này');
    }
    next();
  };
}
