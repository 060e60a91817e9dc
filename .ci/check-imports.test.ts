import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkImports, workspacePackages } from './check-imports.js';
import { importsOf } from './imports-of.js';

const root = mkdtempSync(join(tmpdir(), 'check-imports-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
const pkg = (dir: string, name: string) => write(`${dir}/package.json`, JSON.stringify({ name }));

// A small workspace: two libraries, the dashboard, a service and a tool, each file either
// clean or breaking one rule.
write(
  'pnpm-workspace.yaml',
  "packages:\n  - packages/*\n  - services/*\n  - 'tools'\n\ncatalog:\n",
);
pkg('packages/lib', '@x/lib');
pkg('packages/other', '@x/other');
pkg('packages/dashboard', '@x/dashboard');
pkg('services/svc', '@x/svc');
pkg('tools', '@x/tools');
write('services/svc/src/app.ts', "import { a } from '@x/lib';\nexport const app = a;\n");
write('packages/other/src/x.ts', 'export const x = 1;\n');
write('packages/lib/src/index.ts', "import { x } from '@x/other';\nexport const a = x;\n");
write('packages/lib/src/client.ts', "import type { App } from '@x/svc';\n");
write('packages/lib/src/kit.int.test.ts', "import { startTestApi } from '@x/svc/testing';\n");
write('packages/lib/src/helper.ts', "import { startTestApi } from '@x/svc/testing';\n");
write('packages/lib/src/reach.ts', "export { x } from '../../other/src/x.js';\n");
write('packages/dashboard/src/ok.ts', "import type { A } from '@x/lib';\n");
write('packages/dashboard/src/value.ts', "import { type A, a } from '@x/lib';\n");
write(
  'tools/run.ts',
  [
    "import { app } from '../services/svc/src/app.js';",
    "import { startTestApi } from '@x/svc/testing';",
    "import { Redis } from '../packages/lib/node_modules/ioredis/built/index.js';",
    "type X = typeof import('../packages/other/src/x.js');",
    "const later = await import('../services/svc/src/app.js');",
    "import pkg from '../packages/lib/package.json' with { type: 'json' };",
    "import { local } from './local.js';",
  ].join('\n'),
);
write('tools/local.ts', 'export const local = 1;\n');
write('tools/node_modules/dep/index.js', "require('../../../services/svc/src/app.js');\n");

describe('the import check', () => {
  it('reads the workspace packages and their kinds from pnpm-workspace.yaml', () => {
    expect(
      workspacePackages(root)
        .map((p) => `${p.dir} ${p.name} ${p.kind}`)
        .sort(),
    ).toEqual([
      'packages/dashboard @x/dashboard library',
      'packages/lib @x/lib library',
      'packages/other @x/other library',
      'services/svc @x/svc service',
      'tools @x/tools tool',
    ]);
  });

  it('finds static, re-exported, dynamic, required and type-position imports', () => {
    const text = [
      "import type { A } from 'a';",
      "export { b } from 'b';",
      "export type { C } from 'c';",
      "const d = await import('d');",
      "const e = require('e');",
      "type F = typeof import('f');",
    ].join('\n');
    expect(importsOf('x.ts', text)).toEqual([
      { specifier: 'a', line: 1, typeOnly: true, dynamic: false },
      { specifier: 'b', line: 2, typeOnly: false, dynamic: false },
      { specifier: 'c', line: 3, typeOnly: true, dynamic: false },
      { specifier: 'd', line: 4, typeOnly: false, dynamic: true },
      { specifier: 'e', line: 5, typeOnly: false, dynamic: true },
      { specifier: 'f', line: 6, typeOnly: true, dynamic: false },
    ]);
  });

  it('fails on every import that breaks a rule, and only on those', () => {
    const found = checkImports(root).map((f) => `${f.file}:${f.line} ${f.problem}`);
    expect(found.sort()).toEqual(
      [
        'packages/dashboard/src/value.ts:1 imports @x/lib as a value: @x/dashboard takes types only (import type …)',
        'packages/lib/src/client.ts:1 imports the service @x/svc: services export only their test kit, @x/svc/testing',
        'packages/lib/src/helper.ts:1 imports @x/svc/testing outside a test: a library depends on no service',
        "packages/lib/src/reach.ts:1 reaches into @x/other's src/ by path: import @x/other by name",
        'tools/run.ts:1 imports the service @x/svc by path: start its process, or use @x/svc/testing',
        'tools/run.ts:3 reaches into node_modules by path: declare the dependency and import it by name',
        "tools/run.ts:4 reaches into @x/other's src/ by path: import @x/other by name",
        'tools/run.ts:5 imports the service @x/svc by path: start its process, or use @x/svc/testing',
      ].sort(),
    );
  });
});
