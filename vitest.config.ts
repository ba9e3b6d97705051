import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // A ceiling for tests that start real processes, servers and git remotes; never a timing check.
    testTimeout: 120_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
