import type { DispatcherSettings } from '../../notifications/dispatcher';

/** A dispatcher for tests that call `runOnce` themselves: one loop, short backoffs, at most three attempts. */
export const ONE_LOOP_DISPATCH: DispatcherSettings = {
  batchSize: 10,
  leaseMs: 10_000,
  maxAttempts: 3,
  backoffBaseMs: 10,
  backoffMaxMs: 10,
  pollMs: 10,
  concurrency: 1,
  publicBaseUrl: 'http://localhost:3000',
};
