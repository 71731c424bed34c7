/**
 * Every test tier: `npx jest <file>` runs any test file, `npx jest` all of them. `npm test` leaves the
 * browser's out (`jest.npm-test.config.js`; `npm run test:browser` runs them). Unit tests are fast; workflow and integration tests start real
 * Temporal servers and a real Postgres, so they get long timeouts. The global setup starts one embedded
 * Postgres server for the whole run; each test file makes its own database on it (tests/helpers/db.ts).
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  setupFiles: ['<rootDir>/tests/helpers/quiet-temporal.ts'],
  testTimeout: 120_000,
  maxWorkers: 2,
  verbose: false,
  reporters: ['default', '<rootDir>/tests/helpers/summary-reporter.js'],
};
