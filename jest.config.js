/** Type checking runs once in `npm test` (tsc --noEmit); jest only transpiles, which keeps it fast. */
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  // Generous: every wait inside a test is bounded on its own; this only catches a hang. The slowest
  // suites (thousands of slots, hundreds of racers on the MongoDB simulator) need over 30 s on a slow
  // two-core machine running both projects at once.
  testTimeout: 90000,
  projects: [
    // Everything, with the end-to-end suites on the memory store.
    { ...base, displayName: 'memory', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['/test/e2e/mongodb'] },
    // The end-to-end suites again, on MongoDB through the real driver (a real server when MONGODB_URI
    // gives one, else the replica-set simulator): every suite whose gateway uses the suite's store.
    {
      ...base,
      displayName: 'mongodb',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
      // These never touch the suite's store: the shutdown, crash and start-up tests run gateway
      // processes of their own (memory and SQLite), the document limits refuse before any resolver.
      testPathIgnorePatterns: ['/test/e2e/shutdown\\.', '/test/e2e/crash\\.', '/test/e2e/durable-start\\.', '/test/e2e/document-limits\\.', '/test/e2e/webhook-crash\\.', '/test/e2e/payment-crash\\.'],
      setupFiles: ['reflect-metadata', '<rootDir>/test/support/e2e-mongodb.setup.ts'],
    },
  ],
  // Finds the MongoDB for the MongoDB suites once per run (MONGODB_URI, mongodb-memory-server, or the simulator).
  globalSetup: '<rootDir>/test/support/mongodb-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/mongodb-global-teardown.ts',
  reporters: ['default', '<rootDir>/test/support/plain-summary-reporter.js'],
};
