import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// What makes every test project (vitest.config.ts, vitest.emulators.config.ts) run against the
// sources. Workspace packages export their TypeScript under the "source" condition, so tests
// need no build step.
const resolve = { conditions: ['source'] };
// Projects do not inherit the root's `ssr` options: each one repeats them, or imports of a
// workspace package from another package resolve to its built dist/ instead of src/.
const ssr = { resolve: { conditions: ['source'], externalConditions: ['source'] } };
export const exclude = ['**/node_modules/**', '**/dist/**'];

type ProjectTest = NonNullable<TestProjectInlineConfiguration['test']>;

/** A config of test projects, each given its `test` options, all run against the sources. */
export function sourceConfig(...projects: ProjectTest[]) {
  return defineConfig({
    resolve,
    ssr,
    test: { projects: projects.map((test) => ({ resolve, ssr, test })) },
  });
}
