import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'bench/test/**/*.test.ts'],
    testTimeout: 60_000,
    // A world (a database, migrations, users) takes seconds on a busy 2-core machine.
    hookTimeout: 120_000,
    // expect.poll waits for a page or a server to reach a state; its default of 1 s is shorter
    // than a busy 2-core machine can take to render a screen. Waiting longer asserts the same.
    expect: { poll: { timeout: 15_000 } },
    // A throwaway PostgreSQL server for the server tests (skipped, or with REQUIRE_POSTGRES=1
    // failed, when the machine has no PostgreSQL binaries).
    globalSetup: ['packages/server/test/postgresCluster.ts'],
    reporters: ['default', './scripts/plainSummaryReporter.ts'],
  },
});
