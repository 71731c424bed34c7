/**
 * The one place errors become HTTP answers. Known failures (AppError, invalid JSON, oversize or non-JSON
 * bodies, domain rule violations, Postgres or Temporal out of reach → 503 SERVICE_UNAVAILABLE) get their
 * status and stable code; anything else is logged here and
 * answered with a bare 500 INTERNAL_ERROR, so no stack trace, SQL or path reaches a client.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DomainError } from '../domain/domain-error';
import type { AppDeps } from '../app/deps';
import { AppError } from '../app/errors';
import { unavailableError } from '../app/service-unavailable';
import { errorBody } from './error-response';

/** Errors thrown by express's body parser carry a `type` naming what went wrong. */
function bodyParserError(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  switch ((error as { type: unknown }).type) {
    case 'entity.parse.failed':
      return new AppError(400, 'MALFORMED_JSON', 'Nội dung gửi lên không phải JSON hợp lệ');
    case 'entity.too.large':
      return new AppError(413, 'PAYLOAD_TOO_LARGE', 'Nội dung gửi lên quá lớn');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Nội dung phải là JSON mã hóa UTF-8');
    case 'request.aborted':
    case 'request.size.invalid':
      return new AppError(400, 'BAD_REQUEST', 'Yêu cầu không hợp lệ');
    default:
      return undefined;
  }
}

/** Domain rules that say "no such thing" rather than "bad value". */
const DOMAIN_NOT_FOUND = new Set(['UNKNOWN_PROCEDURE', 'NO_PROCEDURE_IN_FORCE']);

/**
 * Client errors raised by express and its router carry a 4xx `status`: http-errors mark theirs `expose`, and
 * an undecodable %-escape in a path parameter is a URIError with status 400.
 */
function exposedClientError(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  const isClientError = expose === true || error instanceof URIError;
  if (isClientError && typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(
      status === 404 ? 404 : 400,
      status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST',
      'Yêu cầu không hợp lệ',
    );
  }
  return undefined;
}

export function toApiError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof DomainError) {
    return new AppError(DOMAIN_NOT_FOUND.has(error.code) ? 404 : 400, error.code, error.messageVi);
  }
  // Postgres or Temporal out of reach: 503 (504 for a Temporal deadline), and the next request may succeed.
  return bodyParserError(error) ?? exposedClientError(error) ?? unavailableError(error);
}

export function errorHandler(deps: AppDeps): ErrorRequestHandler {
  const logError = deps.logError ?? ((message: string, error: unknown) => console.error(message, error));
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let apiError = toApiError(error);
    if (!apiError) {
      // The path only: a query string may carry what must never be logged (names searched, old clients'
      // second factors).
      logError(`${req.method} ${req.baseUrl}${req.path} failed`, error);
      apiError = new AppError(500, 'INTERNAL_ERROR', 'Đã có lỗi xảy ra, vui lòng thử lại sau');
    }
    for (const [name, value] of Object.entries(apiError.headers ?? {})) res.setHeader(name, value);
    res.status(apiError.status).json(errorBody(apiError));
  };
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new AppError(404, 'NOT_FOUND', 'Không tìm thấy địa chỉ yêu cầu'));
};

/**
 * A request that carries a body must say it is JSON: anything else (form posts, text) gets 415 before the
 * body is read, instead of arriving at a handler as an empty object.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  if (hasBody && !req.is('application/json')) {
    next(new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Nội dung phải có kiểu application/json'));
    return;
  }
  next();
};
