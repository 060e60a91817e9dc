import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript sources under the "source" condition, so tests
// run against src/ without a build step.
const resolve = { conditions: ['source'] };
const exclude = ['**/node_modules/**', '**/dist/**'];
// Projects do not inherit the root's `ssr` options: each one repeats them, or imports of a
// workspace package from another package resolve to its built dist/ instead of src/.
const ssr = { resolve: { conditions: ['source'], externalConditions: ['source'] } };

export default defineConfig({
  resolve,
  ssr,
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          // *.emulator.test.ts: the emulators project (vitest.emulators.config.ts), not run here.
          exclude: [...exclude, '**/*.int.test.ts', '**/*.e2e.test.ts', '**/*.emulator.test.ts'],
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts', '**/*.e2e.test.ts'],
          exclude,
          // Starts Redis and Azurite (idempotently) before any integration test runs.
          globalSetup: ['deploy/local/vitest-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Suites share one Redis and one Azurite: isolation comes from unique names per test.
          fileParallelism: true,
        },
      },
    ],
  },
});
