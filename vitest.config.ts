import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'bench/test/**/*.test.ts'],
    testTimeout: 60_000,
    // A world (a database, migrations, users) takes seconds on a busy 2-core machine.
    hookTimeout: 60_000,
    // A throwaway PostgreSQL server for the server tests (skipped, or with REQUIRE_POSTGRES=1
    // failed, when the machine has no PostgreSQL binaries).
    globalSetup: ['packages/server/test/postgresCluster.ts'],
    reporters: ['default', './scripts/plainSummaryReporter.ts'],
  },
});
