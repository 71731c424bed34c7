import type { Request } from 'express';

/** The client's address for throttling (express's `trust proxy` decides whether forwarded headers count). */
export function clientAddressOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
