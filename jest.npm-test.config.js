/**
 * `npm test`: every tier but the browser's. The pages in Chromium (tests/browser/, with axe on every page) took
 * six of the suite's fifteen minutes on two cores, so they run as `npm run test:browser`, which `.ci/run` runs
 * right after `npm test`; the fault injection has its own config (`jest.faults.config.js`).
 * @type {import('jest').Config}
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest reads its configs as CommonJS
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/browser/'],
};
