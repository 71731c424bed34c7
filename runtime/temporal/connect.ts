import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

/**
 * Retries a connection while a Temporal frontend is still starting. The dev server opens its port before
 * its frontend is healthy ("Frontend is not healthy yet"), and in a deployment the worker or the API may
 * start before the Temporal service; neither should make the process give up at once.
 */
async function retryWhileStarting<T>(
  connect: () => Promise<T>,
  address: string,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 200; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await connect();
    } catch (error) {
      if (Date.now() + delay > deadline) {
        throw new Error(
          `Temporal at ${address} did not become ready within ${timeoutMs / 1000} s: ${String(error)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

export function connectClient(address: string, timeoutMs = 60_000): Promise<Connection> {
  return retryWhileStarting(() => Connection.connect({ address }), address, timeoutMs);
}

export function connectWorker(address: string, timeoutMs = 60_000): Promise<NativeConnection> {
  return retryWhileStarting(() => NativeConnection.connect({ address }), address, timeoutMs);
}
