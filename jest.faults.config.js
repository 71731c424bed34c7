/**
 * `npm run test:faults`: the fault-injection test (tests/faults/*.faults.ts), kept out of `npm test` because
 * it runs for minutes: real processes, worker kills that cost activity timeouts, a Postgres restart. It starts
 * its own Postgres, so it needs no global setup; the Temporal CLI must be in the tool cache
 * (`npm run tools:temporal`, as CI does first).
 * @type {import('jest').Config}
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest reads its configs as CommonJS
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/tests/faults'],
  testMatch: ['**/*.faults.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
  // Under .ci/run's reserve for it (25 min): a run that cannot finish fails with its cause instead of overrunning CI.
  testTimeout: 20 * 60 * 1000,
  maxWorkers: 1,
  verbose: true,
};
