/**
 * Carries the HTTP request's id into the Temporal calls it makes: each start, update, signal and query of a
 * dossier's workflow gets a `requestId` header (so the call can be tied to the request in Temporal's history),
 * the dossier code (the workflow id) joins the request's log context, and the call is logged at debug level
 * with both. Installed on every Temporal client app/ builds (app/deps.ts#temporalClientOf).
 */
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { addToLogContext, currentLogContext, logger } from './log';

export const REQUEST_ID_HEADER = 'requestId';

type Headers = Record<string, Payload>;

function withRequestId(headers: Headers): Headers {
  const { requestId } = currentLogContext();
  if (!requestId) return headers;
  return { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) };
}

function noteCall(call: string, workflowId: string, name?: string): void {
  addToLogContext({ dossierCode: workflowId });
  logger().debug({ dossierCode: workflowId, temporalCall: call, name }, `Temporal ${call}`);
}

export const requestContextInterceptor: WorkflowClientInterceptor = {
  async startWithDetails(input, next) {
    noteCall('start', input.options.workflowId, input.workflowType);
    return next({ ...input, headers: withRequestId(input.headers) });
  },
  async startUpdate(input, next) {
    noteCall('update', input.workflowExecution.workflowId, input.updateName);
    return next({ ...input, headers: withRequestId(input.headers) });
  },
  async signal(input, next) {
    noteCall('signal', input.workflowExecution.workflowId, input.signalName);
    return next({ ...input, headers: withRequestId(input.headers) });
  },
  async signalWithStart(input, next) {
    noteCall('signalWithStart', input.options.workflowId, input.signalName);
    return next({ ...input, headers: withRequestId(input.headers) });
  },
  async query(input, next) {
    noteCall('query', input.workflowExecution.workflowId, input.queryType);
    return next({ ...input, headers: withRequestId(input.headers) });
  },
};
