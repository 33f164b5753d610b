import { defineConfig } from 'vitest/config';

/**
 * Fault tests (`npm run test:faults`): a scratch PostgreSQL cluster of their own, restarted under load
 * while the app runs as a child process. Not part of `npm test`, which needs no database server.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
