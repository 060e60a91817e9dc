/**
 * The light entries of the import check: modules that every process loads, and so must not load
 * an SDK, a web framework or a file format with them. `@fleetscore/shared`'s root is its core
 * (issue 24 §3): a tool that scores CSV files, or a process on the other backend, pays for no
 * Azure SDK, BullMQ or fastify it does not use. Lazy `import()`s and `import type` are fine:
 * that is how the core reaches what it may need (the telemetry exporters, for one).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { type Finding, importsOf } from './imports-of.js';

export interface LightEntry {
  /** Root-relative source file. */
  file: string;
  /** Packages (a name, or a scope as `@scope/`) none of its static imports may reach. */
  forbidden: readonly string[];
  /** Exact specifiers it may not import either: a package's full root, where a subpath is light. */
  forbiddenSpecifiers?: readonly string[];
}

/** What a command whose start-up is timed (score-csv, against a Python loop) must not load. */
const STARTUP_HEAVY = [
  '@azure/',
  'bullmq',
  'csv-parse',
  'csv-stringify',
  'fastify',
  'ioredis',
  'zod',
];

export const LIGHT_ENTRIES: readonly LightEntry[] = [
  {
    file: 'packages/shared/src/index.ts',
    forbidden: [
      '@azure/',
      '@fastify/',
      '@opentelemetry/sdk-',
      '@opentelemetry/exporter-',
      'bullmq',
      'csv-parse',
      'csv-stringify',
      'fastify',
      'hyparquet',
      'hyparquet-writer',
      'ioredis',
      'jose',
      'piscina',
    ],
  },
  // `@fleetscore/shared/ids` and `/errors`: lighter than the root, for the CLI's timed start-up.
  { file: 'packages/shared/src/contracts/id-pattern.ts', forbidden: ['zod', '@opentelemetry/'] },
  { file: 'packages/shared/src/errors.ts', forbidden: ['zod', '@opentelemetry/'] },
  // The CLI's entry and `score-csv`, which main.ts loads alone (commands/standalone.ts); its
  // csv-parse fallback is a lazy import.
  {
    file: 'packages/cli/src/main.ts',
    forbidden: STARTUP_HEAVY,
    forbiddenSpecifiers: ['@fleetscore/shared', '@fleetscore/registry'],
  },
  {
    file: 'packages/cli/src/commands/score-csv.ts',
    forbidden: STARTUP_HEAVY,
    forbiddenSpecifiers: ['@fleetscore/shared', '@fleetscore/registry'],
  },
];

const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * The forbidden packages `entry` loads with it: a walk of its static, value imports through the
 * files of its own package. A finding names the file that imports the package and the chain of
 * files from the entry, so the fix (a lazy import, a type import, a file split) is plain.
 */
export function heavyImports(root: string, entry: LightEntry): Finding[] {
  if (!existsSync(join(root, entry.file))) return [];
  const forbidden = (name: string) =>
    entry.forbidden.some((f) =>
      f.endsWith('/') || f.endsWith('-') ? name.startsWith(f) : name === f,
    );
  const findings: Finding[] = [];
  const via = new Map<string, string>([[entry.file, '']]);
  const queue = [entry.file];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const found of importsOf(file, readFileSync(join(root, file), 'utf8'))) {
      if (found.typeOnly || found.dynamic) continue;
      if (!found.specifier.startsWith('.')) {
        if (
          forbidden(packageOf(found.specifier)) ||
          entry.forbiddenSpecifiers?.includes(found.specifier)
        ) {
          findings.push({
            file,
            line: found.line,
            specifier: found.specifier,
            problem: `loaded with the light entry ${entry.file} (${chain(via, file)}): import it lazily, as a type, or from another entry`,
          });
        }
        continue;
      }
      const target = sourceOf(root, file, found.specifier);
      if (target !== undefined && !via.has(target)) {
        via.set(target, file);
        queue.push(target);
      }
    }
  }
  return findings;
}

/** The `.ts` file a relative `.js` specifier names, root-relative. */
function sourceOf(root: string, from: string, specifier: string): string | undefined {
  const path = relative(root, resolve(root, dirname(from), specifier))
    .split(sep)
    .join('/');
  const base = path.replace(/\.js$/, '');
  return [`${base}.ts`, `${base}/index.ts`].find((candidate) => existsSync(join(root, candidate)));
}

function chain(via: Map<string, string>, file: string): string {
  const files: string[] = [];
  for (let at: string | undefined = file; at; at = via.get(at)) files.unshift(at);
  return files.join(' → ');
}
