import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    // The reference runtime's launcher runs dist/reference-runtime/oci-reference-runtime.mjs: rebuilt first.
    globalSetup: ['test/reference-bundle.setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests drive real runtimes; keep file parallelism to the 2 cores.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
