import { describe, expect, it } from 'vitest';
import { type AnomalyLabel, evaluate, type ScoredWindow, windowEndOf } from './evaluate.js';

const W = 5_000;
const t = (s: string) => Date.parse(`2026-11-25T10:${s}Z`);
const label = (kind: string, start: string, end: string, sensor = '1'): AnomalyLabel => ({
  device: 'd1',
  sensor,
  kind,
  start: new Date(t(start)).toISOString(),
  end: new Date(t(end)).toISOString(),
  readings: 1,
});
const win = (end: string, anomaly: boolean, sensor = '1'): ScoredWindow => ({
  device: 'd1',
  sensor,
  endMs: t(end),
  anomaly,
});

describe('windowEndOf', () => {
  it('puts a reading in the window that ends at or after it (start-exclusive, end-inclusive)', () => {
    expect(windowEndOf(t('00:05'), W)).toBe(t('00:05'));
    expect(windowEndOf(t('00:05') + 1, W)).toBe(t('00:10'));
  });
});

describe('evaluate', () => {
  it('counts a window as truly anomalous when it overlaps a label of its own sensor', () => {
    const labels = [label('spike', '00:06', '00:07')];
    const result = evaluate(
      [
        win('00:05', false), // (00:00, 00:05]: before the label
        win('00:10', true), // holds the spike
        win('00:15', true), // after it: a false positive
        win('00:10', false, '2'), // another sensor of the same device
      ],
      labels,
      W,
    );
    expect(result).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 0 });
    expect(result.precision).toBe(0.5);
    expect(result.recall).toBe(1);
    expect(result.byKind.spike).toEqual({ labels: 1, windows: 1, found: 1, recall: 1 });
  });

  it('treats a label ending exactly at a window start as outside that window', () => {
    // (00:10, 00:15] does not contain 00:10.
    const result = evaluate([win('00:15', false)], [label('drift', '00:01', '00:10')], W);
    expect(result.falseNegatives).toBe(0);
    expect(result.recall).toBeNull();
  });

  it('gives recall per kind and leaves dropouts (no windows) out with a null recall', () => {
    const labels = [
      label('drift', '01:00', '01:20'),
      label('dropout', '02:00', '02:40'),
      label('stuck', '03:00', '03:09'),
    ];
    const result = evaluate(
      [
        win('01:05', false),
        win('01:10', false),
        win('01:15', true),
        win('01:20', true),
        win('02:05', false), // borders the dropout: a normal window
        win('03:05', false),
        win('03:10', false),
      ],
      labels,
      W,
    );
    expect(result.byKind.drift).toEqual({ labels: 1, windows: 4, found: 2, recall: 0.5 });
    expect(result.byKind.stuck).toEqual({ labels: 1, windows: 2, found: 0, recall: 0 });
    expect(result.byKind.dropout).toEqual({ labels: 1, windows: 0, found: 0, recall: null });
    expect(result.recall).toBe(2 / 6);
    expect(result.precision).toBe(1);
  });

  it('has no precision or recall without predictions or labels', () => {
    expect(evaluate([], [], W)).toMatchObject({ precision: null, recall: null, byKind: {} });
  });
});
