/**
 * Retries a connection while a service the process depends on is still starting or briefly away. In a
 * deployment the worker or the API may start (or be restarted by an orchestrator) before Postgres or the
 * Temporal frontend answers — during a database failover, for instance; neither should make the process give
 * up at once and leave the restart loop to the orchestrator.
 */
export async function retryWhileStarting<T>(
  what: string,
  connect: () => Promise<T>,
  timeoutMs: number,
  onRetry: (error: unknown) => void = () => {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 200; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await connect();
    } catch (error) {
      if (Date.now() + delay > deadline) {
        throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s: ${String(error)}`);
      }
      onRetry(error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
