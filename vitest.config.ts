import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Two projects: fast Node unit tests (real DuckDB via the Node connector) and end-to-end tests
// that drive headless Chromium against the built app in dist/.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // DuckDB must never look in the real home directory for extensions.
          env: { HOME: path.resolve(import.meta.dirname, '.home') },
          testTimeout: 30_000,
          // Building a database in wasm takes seconds when both cores are busy.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // One browser at a time: the machine has two cores and the wasm is large.
          fileParallelism: false,
          sequence: { concurrent: false },
        },
      },
    ],
  },
});
