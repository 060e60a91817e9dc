/**
 * Scores the predictions against the simulator's labels, per window (pure; see
 * docs/simulator.md, "Scoring against them per window").
 *
 * A window `(end − W, end]` of (device, sensor) is truly anomalous when it overlaps a label of
 * that sensor whose kind alters values (spike, drift, stuck). Dropout labels withhold readings,
 * so no window holds a dropout reading: they are left out of precision and recall (their recall
 * is `null`), and a window that merely borders a dropout is a normal window.
 */

/** One label as `fleetscore simulate --labels x.ndjson` writes it. */
export interface AnomalyLabel {
  device: string;
  sensor: string;
  kind: string;
  /** Closed event-time interval, ISO 8601. */
  start: string;
  end: string;
  readings: number;
}

/** One scored window: a prediction row. */
export interface ScoredWindow {
  device: string;
  sensor: string;
  /** Window end, ms since the epoch. */
  endMs: number;
  anomaly: boolean;
}

export interface KindScore {
  /** Labels of this kind. */
  labels: number;
  /** Scored windows overlapping a label of this kind. */
  windows: number;
  /** Of those, predicted anomalous. */
  found: number;
  /** found / windows; null when no window (dropouts, or none scored). */
  recall: number | null;
}

export interface Evaluation {
  precision: number | null;
  recall: number | null;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  byKind: Record<string, KindScore>;
}

/** Kinds whose readings are withheld, not altered: no window ever holds them. */
const WITHOUT_WINDOWS = new Set(['dropout']);

/** The end of the window `(end − W, end]` that holds event time `ms`. */
export const windowEndOf = (ms: number, windowMs: number) => Math.ceil(ms / windowMs) * windowMs;

const sensorKey = (device: string, sensor: string) => `${device}/${sensor}`;

export function evaluate(
  windows: Iterable<ScoredWindow>,
  labels: readonly AnomalyLabel[],
  windowMs: number,
): Evaluation {
  const bySensor = new Map<string, { kind: string; startMs: number; endMs: number }[]>();
  const byKind: Record<string, KindScore> = {};
  for (const label of labels) {
    byKind[label.kind] ??= { labels: 0, windows: 0, found: 0, recall: null };
    (byKind[label.kind] as KindScore).labels += 1;
    if (WITHOUT_WINDOWS.has(label.kind)) continue;
    const key = sensorKey(label.device, label.sensor);
    const list = bySensor.get(key) ?? [];
    list.push({ kind: label.kind, startMs: Date.parse(label.start), endMs: Date.parse(label.end) });
    bySensor.set(key, list);
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const w of windows) {
    // Labels never overlap on one sensor, but a window can touch two (one ends, one starts).
    const kinds = new Set<string>();
    for (const l of bySensor.get(sensorKey(w.device, w.sensor)) ?? []) {
      if (l.startMs <= w.endMs && l.endMs > w.endMs - windowMs) kinds.add(l.kind);
    }
    if (kinds.size === 0) {
      if (w.anomaly) fp += 1;
      continue;
    }
    if (w.anomaly) tp += 1;
    else fn += 1;
    for (const kind of kinds) {
      const score = byKind[kind] as KindScore;
      score.windows += 1;
      if (w.anomaly) score.found += 1;
    }
  }
  for (const score of Object.values(byKind)) {
    score.recall = score.windows === 0 ? null : score.found / score.windows;
  }
  return {
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    byKind,
  };
}
