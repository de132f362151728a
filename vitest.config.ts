import { defineConfig } from 'vitest/config';

// One suite, two databases: without DATABASE_URL every test file gets its own in-memory PGlite;
// with it, its own database on that server, cloned from a template migrated once per run.
export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
