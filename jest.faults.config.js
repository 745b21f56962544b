/** The fault tests (e2e/faults, `npm run test:faults`): each kills parts of the system, so they run one at a time. */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/e2e/faults'],
  testMatch: ['**/*.fault.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  maxWorkers: 1,
  testTimeout: 240_000,
};
