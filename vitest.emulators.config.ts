import { exclude, sourceConfig } from './vitest.source.js';

// The conformance suites of the Event Hubs and Service Bus adapters against the real
// emulators (`*.emulator.test.ts`). A config of its own, so `pnpm test`, `test:unit` and
// `test:integration` never include it: it runs where Docker runs the emulators, as
// .github/workflows/emulators.yml does —
//   docker compose -f deploy/compose.yaml --profile azure up -d --wait emulators-ready
//   pnpm exec vitest run --config vitest.emulators.config.ts --project emulators
// Where the emulators are: packages/shared/src/testing/emulators/emulator-stack.ts.
export default sourceConfig({
  name: 'emulators',
  include: ['**/*.emulator.test.ts'],
  exclude,
  testTimeout: 60_000,
  hookTimeout: 60_000,
  // One emulator each, shared: files run one after another.
  fileParallelism: false,
});
