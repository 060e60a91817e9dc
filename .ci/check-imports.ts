/**
 * The import check of `pnpm lint` (docs/architecture.md, "Who may import what"): dependencies
 * point one way, services ← packages, and every package is reached by its name. It fails when
 * - a package or a tool imports a service by name, other than the service's test kit
 *   (`@fleetscore/<service>/testing`; from a library package, in its tests only);
 * - a file imports a service's files by relative path, or another package's `src/`, or reaches
 *   into any `node_modules/` by path;
 * - the dashboard imports a workspace package other than with `import type` (its browser bundle
 *   ships no zod and no server code).
 *
 *   tsx .ci/check-imports.ts       one line per finding, exit 1 when there is any
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Finding, type Import, importsOf } from './imports-of.js';
import { heavyImports, LIGHT_ENTRIES } from './light-entries.js';

export interface WorkspacePackage {
  /** Its folder, relative to the root, with `/` separators. */
  dir: string;
  name: string;
  kind: 'library' | 'service' | 'tool';
}

/** Packages whose imports of workspace packages must all be `import type`. */
const TYPE_ONLY_IMPORTERS = new Set(['packages/dashboard']);

/** Files allowed to break the rules, each with its reason (keep this list short). */
const EXEMPT: Record<string, string> = {};

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const TEST_FILE = /(\.test\.ts|\.test-helper\.ts)$|(^|\/)testing\//;
const SKIPPED_DIRS = new Set(['node_modules', 'dist']);

/** The workspace's packages, from `pnpm-workspace.yaml` (`dir` and `dir/*` entries). */
export function workspacePackages(root: string): WorkspacePackage[] {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const list = /^packages:\n((?:[ \t]+-.*\n?)+)/m.exec(yaml)?.[1] ?? '';
  const globs = [...list.matchAll(/-\s*['"]?([^'"\s#]+)/g)].map((m) => m[1] as string);
  const dirs = globs.flatMap((glob) =>
    glob.endsWith('/*')
      ? readdirSync(join(root, glob.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${glob.slice(0, -2)}/${entry.name}`)
      : [glob],
  );
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({
      dir,
      name: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name as string,
      kind: dir.startsWith('services/')
        ? 'service'
        : dir.startsWith('packages/')
          ? 'library'
          : 'tool',
    }));
}

function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      return SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('.')
        ? []
        : sourceFiles(root, path);
    }
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

/** The package a root-relative path belongs to: the one with the longest folder around it. */
function ownerOf(packages: WorkspacePackage[], path: string): WorkspacePackage | undefined {
  return packages
    .filter((p) => path === p.dir || path.startsWith(`${p.dir}/`))
    .sort((a, b) => b.dir.length - a.dir.length)[0];
}

/** What is wrong with one import of `file` (in package `from`), if anything. */
function problemOf(
  root: string,
  packages: WorkspacePackage[],
  from: WorkspacePackage,
  file: string,
  { specifier, typeOnly }: Import,
): string | undefined {
  if (specifier.includes('node_modules/')) {
    return 'reaches into node_modules by path: declare the dependency and import it by name';
  }
  if (specifier.startsWith('.')) {
    const target = relative(root, resolve(root, dirname(file), specifier))
      .split(sep)
      .join('/');
    const to = ownerOf(packages, target);
    if (to === undefined || to === from) return undefined;
    if (to.kind === 'service') {
      return `imports the service ${to.name} by path: start its process, or use ${to.name}/testing`;
    }
    if (target.startsWith(`${to.dir}/src/`)) {
      return `reaches into ${to.name}'s src/ by path: import ${to.name} by name`;
    }
    return undefined;
  }
  const named = /^(@[^/]+\/[^/]+|[^@/][^/]*)(?:\/(.*))?$/.exec(specifier);
  const to = packages.find((p) => p.name === named?.[1]);
  if (to === undefined || to === from) return undefined;
  if (to.kind === 'service') {
    if (named?.[2] !== 'testing') {
      return `imports the service ${to.name}: services export only their test kit, ${to.name}/testing`;
    }
    if (from.kind === 'library' && !TEST_FILE.test(file)) {
      return `imports ${to.name}/testing outside a test: a library depends on no service`;
    }
  }
  if (TYPE_ONLY_IMPORTERS.has(from.dir) && !typeOnly) {
    return `imports ${to.name} as a value: ${from.name} takes types only (import type …)`;
  }
  return undefined;
}

/** Every finding in the workspace at `root`, in file order, then the light entries'. */
export function checkImports(root: string): Finding[] {
  const packages = workspacePackages(root);
  const files = packages.flatMap((from) =>
    sourceFiles(root, from.dir)
      .filter((file) => EXEMPT[file] === undefined)
      .flatMap((file) =>
        importsOf(file, readFileSync(join(root, file), 'utf8')).flatMap((found) => {
          const problem = problemOf(root, packages, from, file, found);
          return problem === undefined
            ? []
            : [{ file, line: found.line, specifier: found.specifier, problem }];
        }),
      ),
  );
  return [...files, ...LIGHT_ENTRIES.flatMap((entry) => heavyImports(root, entry))];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const findings = checkImports(process.cwd());
  for (const f of findings) console.error(`${f.file}:${f.line}  '${f.specifier}'  ${f.problem}`);
  if (findings.length > 0) {
    console.error(`${findings.length} import(s) break the dependency rules (docs/architecture.md)`);
    process.exit(1);
  }
}
