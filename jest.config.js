/** Type checking runs once in `npm test` (tsc --noEmit); jest only transpiles, which keeps it fast. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  // Looks for a MongoDB replica set once per run (MONGODB_URI or mongodb-memory-server); see the file.
  globalSetup: '<rootDir>/test/support/mongodb-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/mongodb-global-teardown.ts',
  reporters: ['default', '<rootDir>/test/support/plain-summary-reporter.js'],
};
