/**
 * The suite's table: one row per scenario, kept as JSON under `.fleetscore/reliability/` (one
 * file per scenario, so scenario files running side by side never write the same file) and
 * printed as Markdown by `pnpm reliability` and into docs/reliability.md.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from './invariants.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Where the rows go; `FLEETSCORE_RELIABILITY_DIR` overrides (default `.fleetscore/reliability`). */
export function rowsDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.FLEETSCORE_RELIABILITY_DIR || resolve(repoRoot, '.fleetscore/reliability'));
}

export interface SavedRow extends Row {
  /** `ci` or `full`. */
  size: string;
  /** When the scenario finished, ISO 8601. */
  at: string;
}

/** Writes `<dir>/<scenario>.json` (a scenario's last result replaces its previous one). */
export function saveRow(row: SavedRow, dir = rowsDir()): string {
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `${row.scenario.replace(/[^a-z0-9-]/gi, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(row, null, 2)}\n`);
  return file;
}

/** Every saved row, ordered by scenario name (which starts with its number). */
export function loadRows(dir = rowsDir()): SavedRow[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .map((f) => JSON.parse(readFileSync(resolve(dir, f), 'utf8')) as SavedRow)
    .sort((a, b) => a.scenario.localeCompare(b.scenario, 'en', { numeric: true }));
}

const HEADER = [
  'scenario',
  'sent',
  'accepted',
  'windowed',
  'late',
  'pred. expected',
  'written',
  'duplicated',
  'outcome',
];

/** The rows as a Markdown table; violations and notes (if any) follow as lists. */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [
    r.scenario,
    String(r.sent),
    String(r.accepted),
    String(r.windowed),
    String(r.late),
    String(r.predictionsExpected),
    String(r.predictionsWritten),
    String(r.predictionsDuplicated),
    r.violations.length === 0 ? r.outcome : `${r.outcome}; ${r.violations.length} violations`,
  ]);
  const lines = [HEADER, HEADER.map(() => '---'), ...cells].map((c) => `| ${c.join(' | ')} |`);
  const list = (title: string, pick: (r: Row) => readonly string[]) => {
    const items = rows.flatMap((r) => pick(r).map((line) => `- ${r.scenario}: ${line}`));
    return items.length > 0 ? ['', title, ...items] : [];
  };
  return [
    ...lines,
    ...list('Violations:', (r) => r.violations),
    ...list('Notes:', (r) => r.notes),
  ].join('\n');
}
