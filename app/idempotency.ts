/**
 * One answer for an idempotency key sent again with another request body (db/idempotency.ts refuses it with
 * IdempotencyKeyReusedError): 409 IDEMPOTENCY_KEY_REUSED, worded for the caller's form or endpoint.
 */
import { IdempotencyKeyReusedError } from '../db/idempotency';
import { conflict } from './errors';

/** The 409 AppError for a reused key; any other error as it came. Use as `throw reusedKeyAsConflict(error, …)`. */
export function reusedKeyAsConflict(error: unknown, message: string): unknown {
  return error instanceof IdempotencyKeyReusedError ? conflict('IDEMPOTENCY_KEY_REUSED', message) : error;
}
