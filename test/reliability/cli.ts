/**
 * `pnpm reliability [--full]`: runs the fault-injection scenarios (test/reliability, through
 * vitest's integration project, as CI does) and prints the table of every scenario's row.
 * `--full` sets FLEETSCORE_RELIABILITY_SIZE=full (500 sensors, an hour of windows) instead of
 * the CI size. Exit code: vitest's. Rows and service logs: .fleetscore/reliability/.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTable, loadRows, rowsDir } from './table.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const { values } = parseArgs({
  options: { full: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log('Usage: pnpm reliability [--full]   (docs/reliability.md)');
  process.exit(0);
}

// Rows of an earlier run would otherwise be printed as if this run had produced them.
const dir = rowsDir();
for (const file of safeList(dir)) if (file.endsWith('.json')) rmSync(resolve(dir, file));

const child = spawn(
  resolve(repoRoot, 'node_modules/.bin/vitest'),
  ['run', '--project', 'integration', 'test/reliability/'],
  {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, FLEETSCORE_RELIABILITY_SIZE: values.full ? 'full' : 'ci' },
  },
);
const [code] = (await once(child, 'exit')) as [number | null];
const rows = loadRows(dir);
console.log(`\nReliability (${values.full ? 'full' : 'CI'} size), ${rows.length} scenarios:\n`);
console.log(formatTable(rows));
process.exit(code ?? 1);

function safeList(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
