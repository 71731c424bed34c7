/**
 * The shape every JSON error response has (and its OpenAPI schema): AppError's code, message and fields.
 */
import { z } from 'zod';
import type { AppError } from '../app/errors';

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

export function errorBody(error: AppError): ErrorResponse {
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
  503: 'SERVICE_UNAVAILABLE: Postgres or Temporal out of reach (see Retry-After)',
  504: 'WORKFLOW_TIMEOUT: Temporal did not answer in time (e.g. no worker running)',
};
