import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    // Setting up a world (a fresh database, migrated, two clinics signed in) takes seconds on
    // PGlite, more when other test files share the two cores: hooks get the tests' allowance.
    hookTimeout: 60_000,
    // A throwaway PostgreSQL server for the server tests (skipped, or with REQUIRE_POSTGRES=1
    // failed, when the machine has no PostgreSQL binaries).
    globalSetup: ['packages/server/test/postgresCluster.ts'],
    reporters: ['default', './scripts/plainSummaryReporter.ts'],
  },
});
