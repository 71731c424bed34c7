/**
 * Postgres or Temporal out of reach (stopped, restarting, overloaded) as one answer both adapters give:
 * 503 SERVICE_UNAVAILABLE with Retry-After, never 500. Nothing has to be reset when they come back: the pg
 * pool opens new connections and the Temporal connection redials on the next request.
 */
import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import { AppError } from './errors';

export const SERVICE_UNAVAILABLE_MESSAGE =
  'Hệ thống tạm thời gián đoạn, vui lòng thử lại sau ít phút. Dữ liệu đã gửi trước đó không bị mất.';

export const serviceUnavailable = () =>
  new AppError(503, 'SERVICE_UNAVAILABLE', SERVICE_UNAVAILABLE_MESSAGE, { headers: { 'Retry-After': '30' } });

/** The update or call was sent but Temporal did not answer in time (typically: no worker is running). */
export const workflowTimeout = () =>
  new AppError(
    504,
    'WORKFLOW_TIMEOUT',
    'Hệ thống xử lý hồ sơ chưa phản hồi kịp. Thao tác có thể chưa được ghi nhận: vui lòng tải lại trang để kiểm tra rồi thử lại sau ít phút.',
    { headers: { 'Retry-After': '30' } },
  );

/** Socket errors of a connection that could not be made or was cut. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that say the server, not the request, is the problem: connection exceptions (class 08), too many
 * connections, shutting down or starting up, and the pool's own timeouts (statement and lock) under load.
 */
function isUnavailableSqlState(code: string): boolean {
  return (
    code.startsWith('08') || ['53300', '57P01', '57P02', '57P03', '57014', '55P03', '25P03'].includes(code)
  );
}

/** Messages pg gives without a code when a connection dies or the pool has none to give in time. */
const PG_CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|the database system is (starting up|shutting down|in recovery mode)/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) return true;
  if (typeof message === 'string' && PG_CONNECTION_MESSAGES.test(message)) return true;
  // Node reports a refused dial to several addresses (localhost → ::1 and 127.0.0.1) as an AggregateError.
  return error instanceof AggregateError && error.errors.some(isDatabaseUnavailable);
}

/** gRPC status codes of a Temporal frontend that cannot serve now. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;

function grpcCode(error: unknown): number | undefined {
  if (isGrpcServiceError(error)) return error.code;
  if (error instanceof ServiceError && isGrpcServiceError(error.cause)) return error.cause.code;
  return undefined;
}

/** 503 / 504 for an error that means "a backing service is out of reach", else undefined. */
export function unavailableError(error: unknown): AppError | undefined {
  if (isDatabaseUnavailable(error)) return serviceUnavailable();
  const code = grpcCode(error);
  if (code === GRPC_DEADLINE_EXCEEDED) return workflowTimeout();
  if (code === GRPC_UNAVAILABLE || code === GRPC_RESOURCE_EXHAUSTED) return serviceUnavailable();
  // A connection to Temporal that could not be made at all (the lazy connection's first dial).
  if (error instanceof Error && /Failed to connect|TransportError|tcp connect error/i.test(error.message)) {
    return serviceUnavailable();
  }
  return undefined;
}
