/**
 * The API process's periodic purge of dead sessions (expired or revoked), so the table does not grow with
 * every login for ever. Each API process runs one; they may overlap harmlessly (a DELETE of the same rows).
 * The timer is unref'd (it never keeps a process alive) and stopped on shutdown.
 */
import type { Pool } from 'pg';
import { purgeExpiredSessions } from '../../db/sessions';

/** Once an hour is plenty: a dead session is already refused, the purge only reclaims space. */
export const SESSION_PURGE_INTERVAL_MS = 60 * 60 * 1000;

export function startSessionPurge(
  deps: { pool: Pool; now?: () => Date; logError?: (message: string, error: unknown) => void },
  intervalMs = SESSION_PURGE_INTERVAL_MS,
): { stop(): void } {
  const now = deps.now ?? (() => new Date());
  const logError = deps.logError ?? ((message, error) => console.error(message, error));
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow database: never stack purges
    running = true;
    purgeExpiredSessions(deps.pool, now())
      .catch((error: unknown) => logError('session purge failed', error))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
