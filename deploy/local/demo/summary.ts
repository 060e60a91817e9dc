/**
 * The demo's summary: the issue's JSON shape, written to `.fleetscore/demo-summary.json`.
 *
 * Use: fill a `DemoSummary` (the simulated demo computes precision and recall from the
 * simulator's labels; the reference mode has no labels, so they are `null`), then
 * `await writeDemoSummary(summary)`; `formatDemoSummary(summary)` gives the text the demo
 * prints. `perModel` keys are `<device>_<tag>`, as the reference names its model files
 * (`model_<device>_<tag>`); `details` holds what the demo adds beyond the issue's fields.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { repoRoot } from './services.js';

export const DEMO_SUMMARY_FILE = resolve(repoRoot, '.fleetscore/demo-summary.json');

export interface ModelTotals {
  /** Windows scored for this model. */
  rows: number;
  /** Of those, predicted anomalous (prediction 1). */
  anomalies: number;
}

export interface DemoDetails {
  devices?: number;
  /** Windows the aggregator wrote for the scored range. */
  windows?: number;
  readings?: number;
  jobs: number;
  /** Job attempts beyond the first, summed over the run's jobs. */
  retries: number;
  deadLetters: number;
  /** Final state of each scoring run, by run id. */
  runStates: Record<string, string>;
  /** Labelled anomalies by kind, and how many the windows could show (dropouts have none). */
  labels?: Record<string, number>;
  /** Which kinds a one-class SVM on window values cannot see, and what shows them instead. */
  notes: string[];
  /** Sensors the completeness report lists as silent (no data in a window they had before). */
  silentSensors?: number;
  predictions: string;
  logs: string;
  api: string;
  dashboard: string;
  [extra: string]: unknown;
}

export interface DemoSummary {
  mode: 'simulated' | 'reference';
  runIds: string[];
  /** Sensors (entities) scored. */
  sensors: number;
  rows: number;
  anomalies: number;
  perModel: Record<string, ModelTotals>;
  /** Of the windows predicted anomalous, the fraction truly anomalous; null with no labels. */
  precision: number | null;
  /** Of the truly anomalous windows, the fraction predicted anomalous; null with no labels. */
  recall: number | null;
  /** Recall per anomaly kind (`spike`, `drift`, `stuck`, `dropout`); empty with no labels. */
  recallByKind: Record<string, number | null>;
  seconds: { total: number; run: number };
  details?: DemoDetails;
}

/** The `perModel` key of an entity: `device_tag`. */
export const perModelKey = (device: string, sensor: string) => `${device}_${sensor}`;

/** Writes the summary as pretty JSON (default `.fleetscore/demo-summary.json`); returns the path. */
export async function writeDemoSummary(
  summary: DemoSummary,
  file: string = DEMO_SUMMARY_FILE,
): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(summary, null, 2)}\n`);
  return file;
}

const ratio = (x: number | null) => (x === null ? 'n/a (no labels)' : x.toFixed(3));
const count = (n: number) => n.toLocaleString('en-US');

/** The human summary the demo prints (stdout). */
export function formatDemoSummary(s: DemoSummary, file = DEMO_SUMMARY_FILE): string {
  const d = s.details;
  const lines = [
    `Fleetscore demo (${s.mode})`,
    `  runs         ${s.runIds.join(', ')}`,
    `  sensors      ${count(s.sensors)}${d?.devices ? ` (${count(d.devices)} devices)` : ''}`,
  ];
  if (d?.readings !== undefined) lines.push(`  readings     ${count(d.readings)}`);
  if (d?.windows !== undefined) lines.push(`  windows      ${count(d.windows)}`);
  lines.push(
    `  rows scored  ${count(s.rows)}`,
    `  anomalies    ${count(s.anomalies)}`,
    `  precision    ${ratio(s.precision)}`,
    `  recall       ${ratio(s.recall)}`,
  );
  if (typeof d?.falsePositiveRate === 'number') {
    lines.push(
      `  false alarms ${(d.falsePositiveRate * 100).toFixed(1)} % of normal windows flagged`,
    );
  }
  if (typeof d?.modelsFlaggingNearlyAll === 'number' && d.modelsFlaggingNearlyAll > 0) {
    lines.push(
      `  degenerate   ${d.modelsFlaggingNearlyAll} model(s) flag over 90 % of their windows`,
    );
  }
  if (Object.keys(s.recallByKind).length > 0) lines.push('  recall by kind');
  for (const [kind, value] of Object.entries(s.recallByKind)) {
    const labelled = d?.labels?.[kind];
    lines.push(
      `    ${kind.padEnd(9)}${value === null ? 'n/a' : value.toFixed(3)}${labelled === undefined ? '' : ` (${labelled} labelled)`}`,
    );
  }
  if (d) {
    lines.push(
      `  jobs         ${d.jobs} (retries ${d.retries}, dead letters ${d.deadLetters})`,
      `  run states   ${Object.entries(d.runStates)
        .map(([id, state]) => `${id}: ${state}`)
        .join(', ')}`,
    );
    if (d.silentSensors !== undefined) lines.push(`  silent       ${d.silentSensors} sensor(s)`);
  }
  lines.push(
    `  duration     ${s.seconds.run.toFixed(1)} s run, ${s.seconds.total.toFixed(1)} s total`,
  );
  if (d) {
    lines.push(
      `  predictions  ${d.predictions}`,
      `  logs         ${d.logs}`,
      `  API          ${d.api}   dashboard ${d.dashboard}`,
    );
    for (const note of d.notes) lines.push(`  note: ${note}`);
  }
  lines.push(`  summary JSON ${file}`);
  return lines.join('\n');
}
