/**
 * The API's one error type and the shape every error response has: a stable UPPER_SNAKE `code` that clients
 * branch on, a Vietnamese `message` (NFC) a person reads, and for invalid input the fields at fault.
 */
import { z } from 'zod';

export interface FieldError {
  /** Where the bad value is: `body.username`, `query.province`, `params.id`, `body.definition.steps.0.key`. */
  readonly path: string;
  /** Vietnamese, for the person who typed it. */
  readonly message: string;
  /** English, when the rule that failed has one (procedure definitions are validated bilingually). */
  readonly messageEn?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors?: readonly FieldError[];
  /** Extra response headers (e.g. Retry-After on 429). */
  readonly headers?: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { fieldErrors?: readonly FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(message.normalize('NFC'));
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    if (extra.fieldErrors) this.fieldErrors = extra.fieldErrors.map(normalizeFieldError);
    if (extra.headers) this.headers = extra.headers;
  }
}

function normalizeFieldError(error: FieldError): FieldError {
  return { ...error, message: error.message.normalize('NFC') };
}

/** 400 with the fields at fault; the same code whether zod or a rule in a handler found the problem. */
export function validationFailed(fieldErrors: readonly FieldError[]): ApiError {
  return new ApiError(400, 'VALIDATION_FAILED', 'Dữ liệu không hợp lệ', { fieldErrors });
}

export const unauthenticated = (message = 'Cần đăng nhập để thực hiện thao tác này') =>
  new ApiError(401, 'UNAUTHENTICATED', message);

export const forbidden = (message = 'Bạn không có quyền thực hiện thao tác này') =>
  new ApiError(403, 'FORBIDDEN', message);

export const notFound = (message = 'Không tìm thấy') => new ApiError(404, 'NOT_FOUND', message);

/** 409 family: `code` says which conflict (USERNAME_TAKEN, UNIT_EXISTS, …). */
export const conflict = (code: string, message: string) => new ApiError(409, code, message);

export const FieldErrorSchema = z
  .object({
    path: z.string(),
    message: z.string(),
    messageEn: z.string().optional(),
  })
  .meta({ id: 'FieldError' });

export const ErrorResponseSchema = z
  .object({
    code: z.string().meta({ description: 'Stable UPPER_SNAKE code, e.g. VALIDATION_FAILED' }),
    message: z.string().meta({ description: 'Vietnamese message (NFC)' }),
    fieldErrors: z.array(FieldErrorSchema).optional(),
  })
  .meta({ id: 'ErrorResponse' });
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

export function errorBody(error: ApiError): ErrorResponse {
  return {
    code: error.code,
    message: error.message,
    ...(error.fieldErrors ? { fieldErrors: [...error.fieldErrors] } : {}),
  };
}

/** Descriptions used for the error responses each route lists in the OpenAPI document. */
export const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'VALIDATION_FAILED or MALFORMED_JSON',
  401: 'UNAUTHENTICATED (or INVALID_CREDENTIALS at login)',
  403: 'FORBIDDEN: wrong role or unit outside the caller’s scope',
  404: 'NOT_FOUND',
  409: 'Conflict with the current state (code names it)',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_ATTEMPTS (see Retry-After)',
  500: 'INTERNAL_ERROR',
};
