/**
 * What every page handler shares: the request's locals (CSP nonce, CSRF token, the signed-in officer), and
 * one way to render a page with them.
 */
import type { Request, Response } from 'express';
import type { AuthContext, AuthenticatedUser } from '../app/auth/session';
import type { ViewEngine } from './views';

export interface PageLocals {
  nonce: string;
  csrfToken: string;
  auth?: AuthContext;
  /** The path asked for, for the navigation's current item. */
  currentPath: string;
}

export function localsOf(res: Response): PageLocals {
  return res.locals as PageLocals;
}

/** The signed-in officer, on a page behind requireOfficer (which answers before the handler otherwise). */
export function userOf(res: Response): AuthenticatedUser {
  return (localsOf(res).auth as { user: AuthenticatedUser }).user;
}

/** An error per field, as the error summary and the fields show it. */
export interface PageFieldError {
  /** The input's id, so the summary links to it. */
  field: string;
  message: string;
}

export function renderPage(
  views: ViewEngine,
  res: Response,
  page: string,
  data: Record<string, unknown> & { title: string; errors?: PageFieldError[] },
  status = 200,
): void {
  const locals = localsOf(res);
  const errors = data.errors ?? [];
  const html = views.render(page, {
    ...data,
    // GOV.UK pattern: "Lỗi: " before the title when the page shows errors, so screen readers hear it first.
    documentTitle: `${errors.length ? 'Lỗi: ' : ''}${data.title} – Trợ giúp xã hội`,
    errors,
    errorsByField: Object.fromEntries(errors.map((error) => [error.field, error.message])),
    nonce: locals.nonce,
    csrfToken: locals.csrfToken,
    user: locals.auth?.user,
    currentPath: locals.currentPath,
  });
  res.status(status).type('html').send(html);
}

/** A local path to go back to after login: only paths of this site, never another host. */
export function safeReturnPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return fallback;
  return value.slice(0, 500);
}

export function isHtmx(req: Request): boolean {
  return req.get('hx-request') === 'true';
}
