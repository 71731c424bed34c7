import type { Server } from 'node:http';

/**
 * Stops an HTTP server without cutting requests in flight: it stops accepting connections at once, lets the
 * requests being served finish for up to `graceMs`, closes keep-alive connections as soon as they go idle,
 * and cuts whatever is left when the grace runs out (a deploy must not wait for ever on one stuck request).
 */
export async function closeGracefully(server: Server, graceMs: number): Promise<{ forced: boolean }> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection between two requests would keep close() waiting; end each one once it is idle.
  server.closeIdleConnections();
  const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
  let graceTimer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'grace over'>((resolve) => {
    graceTimer = setTimeout(() => resolve('grace over'), graceMs);
  });
  try {
    const outcome = await Promise.race([closed.then(() => 'closed' as const), graceOver]);
    if (outcome === 'closed') return { forced: false };
    server.closeAllConnections();
    await closed;
    return { forced: true };
  } finally {
    clearInterval(idleSweep);
    clearTimeout(graceTimer);
  }
}
