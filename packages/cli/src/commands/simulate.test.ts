import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readingSchema } from '@fleetscore/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetscore } from '../cli.test-helper.js';
import type { AnomalyLabel } from '../simulate/anomalies.js';
import type { SimulationSummary } from '../simulate/summary.js';

const dir = mkdtempSync(join(tmpdir(), 'fleetscore-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ndjson = <T>(path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);

// 10 minutes of event time at 10 readings/s, generated instantly.
const pastSpan = ['--from', '2018-08-28 23:00:00', '--duration', '10m', '--rate', '10'];

describe('fleetscore simulate --out', () => {
  it('writes a past span of readings as NDJSON and the labels, deterministically', async () => {
    const run = async (name: string, labels: string) => {
      const out = join(dir, name);
      const { code, stdout, stderr } = await fleetscore(
        'simulate',
        ...pastSpan,
        '--anomaly-rate',
        '0.2',
        '--seed',
        '7',
        '--out',
        out,
        '--labels',
        join(dir, labels),
        '--json',
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      return {
        summary: JSON.parse(stdout) as SimulationSummary,
        readings: readFileSync(out, 'utf8'),
      };
    };
    const { summary, readings } = await run('a.ndjson', 'a-labels.ndjson');
    const lines = ndjson<unknown>(join(dir, 'a.ndjson'));
    expect(summary.slots).toBe(6000);
    expect(summary.delivered + summary.withheld).toBe(6000);
    expect(lines).toHaveLength(summary.delivered);
    for (const line of lines) readingSchema.parse(line);
    expect(summary.from).toBe('2018-08-28T23:00:00.000Z');
    expect(summary.to).toBe('2018-08-28T23:09:59.900Z');

    const labels = ndjson<AnomalyLabel>(join(dir, 'a-labels.ndjson'));
    const byKind = Object.values(summary.anomalies).reduce((n, k) => n + k.count, 0);
    expect(labels).toHaveLength(byKind);
    for (const kind of ['spike', 'drift', 'stuck', 'dropout'] as const) {
      expect(summary.anomalies[kind].count).toBeGreaterThan(0);
    }
    expect(summary.anomalies.dropout.readings).toBe(summary.withheld);

    // Same seed, same bytes; labels as CSV carry the same records.
    const again = await run('b.ndjson', 'b-labels.csv');
    expect(again.readings).toBe(readings);
    const csv = readFileSync(join(dir, 'b-labels.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('device,sensor,kind,start,end,readings');
    const first = labels[0] as AnomalyLabel;
    expect(csv[1]).toBe(Object.values(first).join(','));
    expect(csv).toHaveLength(labels.length + 1);
  });

  it('prints a human summary', async () => {
    const { code, stdout } = await fleetscore(
      'simulate',
      ...pastSpan,
      '--out',
      join(dir, 'c.ndjson'),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('6000 readings → ');
    expect(stdout).toContain('spike 0 (0 readings)');
  });

  it.each([
    [['--from', '2018-08-28', '--duration', '1h'], /exactly one of --to/],
    [['--out', 'x', '--from', '2018-08-28'], /--from needs --duration/],
    [['--out', 'x', '--anomaly-rate', '2'], /--anomaly-rate must be in \[0, 1\]/],
    [['--out', 'x', '--kinds', 'spike,wobble'], /unknown anomaly kind wobble/],
    [['--out', 'x', '--devices', '0'], /--devices must be an integer ≥ 1/],
    [['--to', 'ftp://x', '--duration', '1s'], /--to must be an http\(s\) URL/],
    [['--out', 'x', '--from', '2018-08-28', '--duration', '1d'], /not a duration/],
  ])('rejects bad usage %j with exit 2', async (args, message) => {
    const { code, stderr } = await fleetscore('simulate', ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
