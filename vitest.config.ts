import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    // A server suite's beforeAll starts PGlite, migrates and signs users in: seconds, and more
    // than the default 10 s when the machine's cores are shared (seen: patients, http).
    hookTimeout: 60_000,
    // A throwaway PostgreSQL server for the server tests (skipped, or with REQUIRE_POSTGRES=1
    // failed, when the machine has no PostgreSQL binaries).
    globalSetup: ['packages/server/test/postgresCluster.ts'],
    reporters: ['default', './scripts/plainSummaryReporter.ts'],
  },
});
