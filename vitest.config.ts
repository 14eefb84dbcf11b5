import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests drive real runtimes; keep file parallelism to the 2 cores.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
