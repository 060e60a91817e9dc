import type { TestProjectInlineConfiguration } from 'vitest/config';

// What makes every test project (vitest.config.ts, vitest.emulators.config.ts) run against the
// sources. Workspace packages export their TypeScript under the "source" condition, so tests
// need no build step.
export const resolve = { conditions: ['source'] };
// Projects do not inherit the root's `ssr` options: each one repeats them, or imports of a
// workspace package from another package resolve to its built dist/ instead of src/.
export const ssr = { resolve: { conditions: ['source'], externalConditions: ['source'] } };
export const exclude = ['**/node_modules/**', '**/dist/**'];

/** A test project on the sources: `test` with the source resolution every project repeats. */
export function sourceProject(
  test: NonNullable<TestProjectInlineConfiguration['test']>,
): TestProjectInlineConfiguration {
  return { resolve, ssr, test };
}
