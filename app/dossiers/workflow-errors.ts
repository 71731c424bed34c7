/**
 * Temporal answers turned into API errors. A rejected update carries `CODE: Vietnamese message (detail)`
 * (workflows/dossier/messages.ts#rejection); the code decides the status, the workflow's Vietnamese text
 * (without the technical detail) is the message.
 */
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { UPDATE_REJECTIONS, type UpdateRejectionCode } from '../../workflows/dossier/messages';
import { temporalClientOf, type AppDeps } from '../deps';
import { AppError } from '../errors';
import { serviceUnavailable, unavailableError, workflowTimeout } from '../service-unavailable';

const REJECTION_STATUS: Readonly<Record<UpdateRejectionCode, number>> = {
  TASK_NOT_FOUND: 404,
  TASK_ALREADY_DONE: 409,
  TASK_CLAIMED_BY_OTHER: 409,
  TASK_NOT_CLAIMED: 409,
  OUTCOME_NOT_ALLOWED: 400,
  REASON_REQUIRED: 400,
  MISSING_DOCUMENTS_REQUIRED: 400,
  INVALID_RETURN_TARGET: 400,
  RETURN_PAST_DECISION: 409,
  WRONG_ROLE: 403,
  TEXT_INVALID: 400,
  NOT_IN_POSTING: 409,
  TOO_MANY_CLAIMS: 409,
  TOO_MANY_SUPPLEMENT_REQUESTS: 409,
  DECISION_MADE: 409,
  DOSSIER_FINISHED: 409,
  DOSSIER_WITHDRAWN: 409,
};

function isRejectionCode(code: string): code is UpdateRejectionCode {
  return Object.prototype.hasOwnProperty.call(UPDATE_REJECTIONS, code);
}

export const dossierClosed = () =>
  new AppError(409, 'DOSSIER_CLOSED', 'Hồ sơ đã kết thúc xử lý, không thể thực hiện thao tác này');

/** The AppError for a failed update / signal / query, or undefined when the error is not a known one. */
export function apiErrorOfTemporal(error: unknown): AppError | undefined {
  if (error instanceof WorkflowUpdateFailedError) {
    const message = error.cause instanceof Error ? error.cause.message : '';
    const code = /^([A-Z_]+):/.exec(message)?.[1] ?? '';
    if (isRejectionCode(code)) return new AppError(REJECTION_STATUS[code], code, UPDATE_REJECTIONS[code]);
    return undefined;
  }
  // An update, signal or query on a workflow that has closed (or never existed).
  if (error instanceof WorkflowNotFoundError) return dossierClosed();
  if (error instanceof WorkflowExecutionAlreadyStartedError) return undefined;
  // The deadline of callWorkflow passed while the update waited for a worker.
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return workflowTimeout();
  if (error instanceof ServiceError || isGrpcServiceError(error)) {
    if (/already completed|not found/i.test(error.message)) return dossierClosed();
    return unavailableError(error) ?? serviceUnavailable();
  }
  return unavailableError(error);
}

/** Default of config TEMPORAL_CALL_TIMEOUT_MS. */
export const DEFAULT_TEMPORAL_CALL_TIMEOUT_MS = 15_000;

/**
 * Runs a Temporal call with a deadline (deps.temporalCallTimeoutMs): an update waits for a worker to run it,
 * and with no worker it would wait for ever. Known failures become AppErrors, anything else goes on to the
 * error handler.
 */
export async function callWorkflow<T>(deps: AppDeps, call: () => Promise<T>): Promise<T> {
  const timeoutMs = deps.temporalCallTimeoutMs ?? DEFAULT_TEMPORAL_CALL_TIMEOUT_MS;
  try {
    return await temporalClientOf(deps).withDeadline(Date.now() + timeoutMs, call);
  } catch (error) {
    const known = apiErrorOfTemporal(error);
    // The SDK retries an unreachable frontend until the deadline, which then looks like "no worker": ask
    // Temporal a trivial question to tell "Temporal down" (503) from "Temporal up, nobody ran it" (504).
    if (known?.code === 'WORKFLOW_TIMEOUT' && !(await temporalAnswers(deps))) throw serviceUnavailable();
    throw known ?? error;
  }
}

async function temporalAnswers(deps: AppDeps): Promise<boolean> {
  try {
    await deps.temporal.withDeadline(Date.now() + 1_000, () =>
      deps.temporal.workflowService.getSystemInfo({}),
    );
    return true;
  } catch {
    return false;
  }
}
