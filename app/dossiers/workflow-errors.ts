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
} from '@temporalio/client';
import { UPDATE_REJECTIONS, type UpdateRejectionCode } from '../../workflows/dossier/messages';
import { AppError } from '../errors';

const REJECTION_STATUS: Readonly<Record<UpdateRejectionCode, number>> = {
  TASK_NOT_FOUND: 404,
  TASK_ALREADY_DONE: 409,
  TASK_CLAIMED_BY_OTHER: 409,
  TASK_NOT_CLAIMED: 409,
  OUTCOME_NOT_ALLOWED: 400,
  REASON_REQUIRED: 400,
  MISSING_DOCUMENTS_REQUIRED: 400,
  INVALID_RETURN_TARGET: 400,
  WRONG_ROLE: 403,
  TEXT_INVALID: 400,
  NOT_IN_POSTING: 409,
  TOO_MANY_CLAIMS: 409,
  TOO_MANY_SUPPLEMENT_REQUESTS: 409,
};

function isRejectionCode(code: string): code is UpdateRejectionCode {
  return Object.prototype.hasOwnProperty.call(UPDATE_REJECTIONS, code);
}

export const dossierClosed = () =>
  new AppError(409, 'DOSSIER_CLOSED', 'Hồ sơ đã kết thúc xử lý, không thể thực hiện thao tác này');

export const workflowEngineUnavailable = () =>
  new AppError(
    503,
    'WORKFLOW_ENGINE_UNAVAILABLE',
    'Hệ thống xử lý hồ sơ tạm thời không phản hồi, vui lòng thử lại sau',
  );

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
  if (error instanceof ServiceError || isGrpcServiceError(error)) {
    if (/already completed|not found/i.test(error.message)) return dossierClosed();
    return workflowEngineUnavailable();
  }
  return undefined;
}

/** Runs a Temporal call; known failures become ApiErrors, anything else goes on to the error handler. */
export async function callWorkflow<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw apiErrorOfTemporal(error) ?? error;
  }
}
