import { exclude, sourceConfig } from './vitest.source.js';

export default sourceConfig(
  {
    name: 'unit',
    include: ['**/*.test.ts'],
    // *.emulator.test.ts: the emulators project (vitest.emulators.config.ts), not run here.
    exclude: [...exclude, '**/*.int.test.ts', '**/*.e2e.test.ts', '**/*.emulator.test.ts'],
  },
  {
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
);
