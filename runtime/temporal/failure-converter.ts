/**
 * Failure messages and stack traces go through the payload codec too (they can quote data: a database error
 * naming a value, a validator repeating what it refused). Loaded by path, also inside the workflow bundle, so
 * it imports nothing but @temporalio/common.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });

export const FAILURE_CONVERTER_PATH = __filename;
