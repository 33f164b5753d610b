import { defineConfig } from 'vitest/config';

/** End-to-end tests in real Chromium (`npm run test:e2e`); each file starts its own app in-process. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    // One browser at a time keeps runs predictable on small CI machines.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
