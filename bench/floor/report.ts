/**
 * Pure figures of `pnpm bench:floor`: per fleet size the best of each side's runs, the speed-up
 * of score-csv over the Python loop, the table and the target judged PASS or MISS.
 */
import type { Verdict } from '../run/figures.js';
import { type Agreement, agreementLine, agrees } from './agreement.js';

/** The target: score-csv at least this many times faster than the Python loop. */
export const TARGET_SPEEDUP = 5;

/** One fleet size: every run's wall seconds per side, and each pair's agreement. */
export interface FloorPoint {
  sensors: number;
  rows: number;
  csvBytes: number;
  python: number[];
  cli: number[];
  agreements: Agreement[];
}

/** The best (shortest) of a side's runs; NaN when it has none. */
export const best = (seconds: readonly number[]) =>
  seconds.length === 0 ? Number.NaN : Math.min(...seconds);

/** How many times faster score-csv is than the Python loop, best against best. */
export const speedup = (p: FloorPoint) => best(p.python) / best(p.cli);

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** The results table (Markdown), one line per fleet size. */
export function floorTable(points: readonly FloorPoint[]): string[] {
  const lines = [
    '| sensors | rows | CSV MB | python s | score-csv s | python ÷ score-csv |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const p of points) {
    lines.push(
      `| ${p.sensors.toLocaleString('en')} | ${p.rows.toLocaleString('en')} | ${fixed(p.csvBytes / 1e6, 0)} | ${fixed(best(p.python), 2)} | ${fixed(best(p.cli), 2)} | ${fixed(speedup(p), 2)}× |`,
    );
  }
  return lines;
}

/** Every run in order, for judging the noise: `python 9.2 9.4 · score-csv 16.3 16.1`. */
export const runsLine = (p: FloorPoint) =>
  `${p.sensors} sensors, every run: python ${p.python.map((s) => s.toFixed(2)).join(' ')} · score-csv ${p.cli.map((s) => s.toFixed(2)).join(' ')}`;

/**
 * The target per fleet size. A size whose outputs disagree anywhere misses it, however fast:
 * a speed-up of wrong answers is none.
 */
export function floorVerdicts(points: readonly FloorPoint[]): Verdict[] {
  return points.map((p) => {
    const agreed = p.agreements.length > 0 && p.agreements.every(agrees);
    const s = speedup(p);
    return {
      target: `score-csv ≥ ${TARGET_SPEEDUP}× faster than the Python loop (${p.sensors} sensors)`,
      measured: `${fixed(s, 2)}×${agreed ? '' : ', outputs disagree'}`,
      pass: agreed && s >= TARGET_SPEEDUP,
    };
  });
}

/** The agreement of each pair of runs; one line when every pair found the same. */
export function agreementLines(p: FloorPoint): string[] {
  const each = p.agreements.map(agreementLine);
  if (each.length > 1 && each.every((line) => line === each[0])) {
    return [`agreement ${p.sensors} sensors, each of ${each.length} runs: ${each[0]}`];
  }
  return each.map((line, i) => `agreement ${p.sensors} sensors, run ${i + 1}: ${line}`);
}
