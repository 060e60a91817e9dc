import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { heavyImports } from './light-entries.js';

const root = mkdtempSync(join(tmpdir(), 'light-entries-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, lines: string[]) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), `${lines.join('\n')}\n`);
}

// An entry that reaches a heavy package two ways (statically, through a folder's index, and
// by scope) and three harmless ways (a lazy import, a type import, an allowed package).
write('lib/index.ts', [
  "export * from './a.js';",
  "export type * from './types.js';",
  "export { lazy } from './lazy.js';",
  "import { ok } from 'light';",
]);
write('lib/a.ts', ["export * from './deep/index.js';"]);
write('lib/deep/index.ts', ["import { parse } from 'heavy/sync';", "import '@vendor/sdk';"]);
write('lib/types.ts', ["import type { T } from 'heavy';"]);
write('lib/lazy.ts', [
  "export const lazy = () => import('heavy');",
  "import type { T } from 'heavy';",
]);

describe('heavyImports', () => {
  it('finds the forbidden packages the entry loads statically, with the chain of files', () => {
    const found = heavyImports(root, { file: 'lib/index.ts', forbidden: ['heavy', '@vendor/'] });
    expect(found.map((f) => `${f.file}:${f.line} ${f.specifier}`)).toEqual([
      'lib/deep/index.ts:1 heavy/sync',
      'lib/deep/index.ts:2 @vendor/sdk',
    ]);
    expect(found[0]?.problem).toContain('lib/index.ts → lib/a.ts → lib/deep/index.ts');
  });

  it('tells a forbidden root from a light subpath of the same package', () => {
    write('app/main.ts', ["import { a } from 'pkg/light';", "import { b } from 'pkg';"]);
    const found = heavyImports(root, {
      file: 'app/main.ts',
      forbidden: [],
      forbiddenSpecifiers: ['pkg'],
    });
    expect(found.map((f) => `${f.file}:${f.line} ${f.specifier}`)).toEqual(['app/main.ts:2 pkg']);
  });

  it('finds nothing when nothing forbidden is loaded, or the entry is not in the tree', () => {
    expect(heavyImports(root, { file: 'lib/index.ts', forbidden: ['light-'] })).toEqual([]);
    expect(heavyImports(root, { file: 'no/such.ts', forbidden: ['heavy'] })).toEqual([]);
  });
});
