import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { retryWhileStarting } from '../retry-while-starting';

// The dev server opens its port before its frontend is healthy ("Frontend is not healthy yet"): retried too.

export function connectClient(address: string, timeoutMs = 60_000): Promise<Connection> {
  return retryWhileStarting(`Temporal at ${address}`, () => Connection.connect({ address }), timeoutMs);
}

export function connectWorker(address: string, timeoutMs = 60_000): Promise<NativeConnection> {
  return retryWhileStarting(`Temporal at ${address}`, () => NativeConnection.connect({ address }), timeoutMs);
}
