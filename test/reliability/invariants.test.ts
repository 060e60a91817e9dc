import { describe, expect, it } from 'vitest';
import {
  evaluate,
  type Observations,
  type PredictionCopy,
  type SentReading,
  type WindowCopy,
  windowEndOf,
} from './invariants.js';
import { formatTable } from './table.js';

const W = 5_000;
const FROM = 1_800_000_000_000; // a whole hour, so window ends line up
const reading = (sensor: string, tsMs: number, accepted = true): SentReading => ({
  device: 'd1',
  sensor,
  tsMs,
  accepted,
});
const window = (sensor: string, endMs: number, count: number, blob = 'b1'): WindowCopy => ({
  device: 'd1',
  sensor,
  endMs,
  count,
  blob,
});
const prediction = (sensor: string, endMs: number, blob = 'p1'): PredictionCopy => ({
  device: 'd1',
  sensor,
  endMs,
  blob,
});

/** Two sensors, two windows each, two readings per window; everything in order. */
function healthy(): Observations {
  const readings = ['s1', 's2'].flatMap((s) =>
    [1, 2_000, 5_001, 7_000].map((t) => reading(s, FROM + t)),
  );
  return {
    scenario: 'test',
    windowMs: W,
    run: { id: 'api-x', state: 'succeeded', fromMs: FROM, toMs: FROM + 60_000 },
    readings,
    windows: ['s1', 's2'].flatMap((s) => [window(s, FROM + 5_000, 2), window(s, FROM + 10_000, 2)]),
    late: [],
    predictions: ['s1', 's2'].flatMap((s) => [
      prediction(s, FROM + 5_000),
      prediction(s, FROM + 10_000),
    ]),
    modelled: new Set(['d1/s1', 'd1/s2']),
    causes: [],
    deadLetters: 0,
    unexpectedExits: [],
    notReady: [],
  };
}

describe('evaluate', () => {
  it('counts a healthy run and finds nothing wrong', () => {
    const row = evaluate(healthy());
    expect(row).toMatchObject({
      sent: 8,
      accepted: 8,
      windowed: 8,
      late: 0,
      predictionsExpected: 4,
      predictionsWritten: 4,
      predictionsDuplicated: 0,
      outcome: 'succeeded',
      violations: [],
    });
  });

  it('places a reading on a window end in the window that ends there', () => {
    expect(windowEndOf(FROM + 5_000, W)).toBe(FROM + 5_000);
    expect(windowEndOf(FROM + 5_001, W)).toBe(FROM + 10_000);
  });

  it('accepts a window written twice with the same count, and late readings in the audit', () => {
    const o = healthy();
    const late = { device: 'd1', sensor: 's1', tsMs: FROM + 9_000 };
    const row = evaluate({
      ...o,
      readings: [...o.readings, { ...late, accepted: true }],
      windows: [...o.windows, window('s1', FROM + 5_000, 2, 'b2')],
      late: [late],
    });
    expect(row.violations).toEqual([]);
    expect(row).toMatchObject({ windowed: 8, late: 1 });
  });

  it('finds an accepted reading in no window, and ignores one ingest refused', () => {
    const o = healthy();
    const row = evaluate({
      ...o,
      readings: [...o.readings, reading('s1', FROM + 3_000), reading('s2', FROM + 3_000, false)],
    });
    expect(row.accepted).toBe(9);
    expect(row.violations).toEqual([
      '1 windows missing accepted readings: d1/s1@1800000005000 (1 of 3)',
    ]);
  });

  it('finds copies of a window that disagree, and a reading counted twice', () => {
    const o = healthy();
    const row = evaluate({ ...o, windows: [...o.windows, window('s2', FROM + 10_000, 3, 'b2')] });
    expect(row.violations).toEqual([
      '1 windows with copies that disagree: d1/s2@1800000010000',
      '1 windows counting readings twice or unsent: d1/s2@1800000010000 (3 for 2)',
    ]);
  });

  it('finds a missing, a duplicated and an unexpected prediction', () => {
    const o = healthy();
    const row = evaluate({
      ...o,
      predictions: [
        prediction('s1', FROM + 5_000),
        prediction('s1', FROM + 5_000, 'p2'),
        prediction('s2', FROM + 5_000),
        prediction('s2', FROM + 10_000),
        prediction('s2', FROM + 15_000),
      ],
    });
    expect(row).toMatchObject({
      predictionsExpected: 4,
      predictionsWritten: 5,
      predictionsDuplicated: 1,
    });
    expect(row.violations).toEqual([
      '1 windows without a prediction: d1/s1@1800000010000',
      '1 windows predicted more than once: d1/s1@1800000005000',
      '1 predictions for no expected window: d1/s2@1800000015000',
    ]);
  });

  it('expects no prediction for an entity without a model or a window outside the run', () => {
    const o = healthy();
    const row = evaluate({
      ...o,
      run: { ...o.run, toMs: FROM + 10_000 },
      modelled: new Set(['d1/s1']),
      predictions: [prediction('s1', FROM + 5_000)],
    });
    expect(row.violations).toEqual([]);
    expect(row.predictionsExpected).toBe(1);
  });

  it('accepts partial with a cause, refuses partial without one, failed, crashes and unready services', () => {
    const o = healthy();
    const partial = evaluate({
      ...o,
      run: { ...o.run, state: 'partial' },
      causes: ['job 3: boom'],
    });
    expect(partial.outcome).toBe('partial (job 3: boom)');
    expect(partial.violations).toEqual([]);
    expect(evaluate({ ...o, run: { ...o.run, state: 'partial' } }).violations).toEqual([
      'run ended partial without a cause in its report',
    ]);
    const bad = evaluate({
      ...o,
      run: { ...o.run, state: 'failed' },
      unexpectedExits: ['scorer exited 1'],
      notReady: ['aggregator'],
    });
    expect(bad.violations).toEqual([
      'run ended failed',
      '1 unexpected exits: scorer exited 1',
      '1 services not ready at the end: aggregator',
    ]);
  });

  it('prints the rows as a Markdown table with the violations after it', () => {
    const o = healthy();
    const text = formatTable([
      evaluate(o),
      evaluate({ ...o, scenario: 'bad', deadLetters: 2, run: { ...o.run, state: 'failed' } }),
    ]);
    expect(text.split('\n')[0]).toBe(
      '| scenario | sent | accepted | windowed | late | pred. expected | written | duplicated | outcome |',
    );
    expect(text).toContain('| test | 8 | 8 | 8 | 0 | 4 | 4 | 0 | succeeded |');
    expect(text).toContain('| bad | 8 | 8 | 8 | 0 | 4 | 4 | 0 | failed; 1 violations |');
    expect(text).toContain('- bad: run ended failed');
    expect(text).toContain('- bad: 2 dead letters');
  });
});
