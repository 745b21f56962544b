/** One jest run for the whole repository: unit tests beside the code, integration tests in each test/ folder. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  roots: [
    '<rootDir>/packages',
    '<rootDir>/services',
    '<rootDir>/gateway',
    '<rootDir>/e2e',
    '<rootDir>/deploy',
    '<rootDir>/eslint',
    '<rootDir>/console',
    '<rootDir>/bench',
  ],
  testMatch: ['**/*.test.ts'],
  // PostgreSQL, Redis and NATS are started for the run if they are not running here.
  globalSetup: '<rootDir>/scripts/jest/start-servers.js',
  globalTeardown: '<rootDir>/scripts/jest/stop-servers.js',
  setupFiles: ['<rootDir>/scripts/jest/own-redis-keys.js'],
  // The fault tests run apart, by `npm run test:faults` (jest.faults.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/e2e/faults/'],
  // Integration tests start real processes; two workers suit the 2-core machines we run on.
  maxWorkers: 2,
  testTimeout: 60_000,
};
