/**
 * The reliability suite's invariant checker: pure functions from what a scenario observed (the
 * readings it sent and how ingest answered, the window blobs, the late-events audit, the
 * prediction blobs, the run record and report, the processes' exits) to one table row and the
 * list of invariants that did not hold. No I/O: `observe.ts` gathers the inputs.
 */

/** A reading as sent, reduced to what places it in a window. */
export interface SentReading {
  device: string;
  sensor: string;
  /** Event time, epoch ms. */
  tsMs: number;
  /** True when ingest answered 202 for the request that carried it (all-or-nothing batches). */
  accepted: boolean;
}

/** One window row of one window blob (a window written twice appears twice). */
export interface WindowCopy {
  device: string;
  sensor: string;
  /** Window end, epoch ms. */
  endMs: number;
  count: number;
  blob: string;
}

/** One line of the aggregator's late-events audit: the reading it did not window. */
export interface LateReading {
  device: string;
  sensor: string;
  tsMs: number;
}

/** One prediction row of one prediction blob. */
export interface PredictionCopy {
  device: string;
  sensor: string;
  endMs: number;
  blob: string;
}

export interface Observations {
  scenario: string;
  /** Tumbling window length, ms (windows are end-inclusive: a reading at t is in ⌈t/W⌉·W). */
  windowMs: number;
  /** The scored run's range of window ends, `[fromMs, toMs)`. */
  run: { id: string; state: string; fromMs: number; toMs: number };
  readings: readonly SentReading[];
  windows: readonly WindowCopy[];
  late: readonly LateReading[];
  predictions: readonly PredictionCopy[];
  /** Entities (`device/sensor`) with a current model when the run was planned. */
  modelled: ReadonlySet<string>;
  /** The report's dead-lettered jobs and failed or unmodelled entities, as causes. */
  causes: readonly string[];
  /** Dead letters on the session's queue at the end. */
  deadLetters: number;
  /** Process exits the harness did not cause (a crash, or a crash loop). */
  unexpectedExits: readonly string[];
  /** Services not answering `/readyz` 200 at the end. */
  notReady: readonly string[];
  /** What the scenario did, and anything it observed worth a line in the table. */
  notes?: readonly string[];
}

export interface Row {
  scenario: string;
  sent: number;
  accepted: number;
  windowed: number;
  late: number;
  predictionsExpected: number;
  predictionsWritten: number;
  predictionsDuplicated: number;
  /** `succeeded`, `partial (cause…)`, or the failed state. */
  outcome: string;
  violations: string[];
  notes: string[];
}

/** `device/sensor@endMs`, the identity of a window and of its prediction. */
export const windowKey = (device: string, sensor: string, endMs: number) =>
  `${device}/${sensor}@${endMs}`;

/** The window a reading belongs to: windows are `(end − W, end]`. */
export const windowEndOf = (tsMs: number, windowMs: number) =>
  Math.ceil(tsMs / windowMs) * windowMs;

const MAX_LISTED = 5;

function listed(what: string, keys: readonly string[]): string {
  const shown = keys.slice(0, MAX_LISTED).join(', ');
  return `${keys.length} ${what}: ${shown}${keys.length > MAX_LISTED ? ', …' : ''}`;
}

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/**
 * Readings: every accepted reading is counted in exactly one window (all copies of a window
 * agree on its count) or in the late audit; no window holds readings nobody sent.
 */
export function checkReadings(o: Observations) {
  const expected = new Map<string, number>();
  for (const r of o.readings) {
    if (r.accepted)
      increment(expected, windowKey(r.device, r.sensor, windowEndOf(r.tsMs, o.windowMs)));
  }
  const copies = new Map<string, Set<number>>();
  for (const w of o.windows) {
    const key = windowKey(w.device, w.sensor, w.endMs);
    const counts = copies.get(key) ?? new Set<number>();
    counts.add(w.count);
    copies.set(key, counts);
  }
  const late = new Map<string, number>();
  for (const r of o.late)
    increment(late, windowKey(r.device, r.sensor, windowEndOf(r.tsMs, o.windowMs)));

  const violations: string[] = [];
  const disagreeing = [...copies].filter(([, counts]) => counts.size > 1).map(([key]) => key);
  if (disagreeing.length > 0)
    violations.push(listed('windows with copies that disagree', disagreeing));
  const lost: string[] = [];
  const extra: string[] = [];
  let windowed = 0;
  for (const counts of copies.values()) windowed += Math.max(...counts);
  for (const key of new Set([...expected.keys(), ...copies.keys(), ...late.keys()])) {
    const want = expected.get(key) ?? 0;
    const got = Math.max(0, ...(copies.get(key) ?? [])) + (late.get(key) ?? 0);
    if (got < want) lost.push(`${key} (${want - got} of ${want})`);
    if (got > want) extra.push(`${key} (${got} for ${want})`);
  }
  if (lost.length > 0) violations.push(listed('windows missing accepted readings', lost));
  if (extra.length > 0) violations.push(listed('windows counting readings twice or unsent', extra));
  let lateCount = 0;
  for (const n of late.values()) lateCount += n;
  return { windowed, late: lateCount, windowKeys: new Set(copies.keys()), violations };
}

/**
 * Predictions: every (entity, window) of the run's range with a window and a model has exactly
 * one prediction row, across all blobs; no row for a window that does not exist.
 */
export function checkPredictions(o: Observations, windowKeys: ReadonlySet<string>) {
  const expected = new Set<string>();
  for (const key of windowKeys) {
    const [entity = '', end = ''] = key.split('@');
    const endMs = Number(end);
    if (o.modelled.has(entity) && endMs >= o.run.fromMs && endMs < o.run.toMs) expected.add(key);
  }
  const written = new Map<string, number>();
  for (const p of o.predictions) increment(written, windowKey(p.device, p.sensor, p.endMs));
  const missing = [...expected].filter((key) => !written.has(key));
  const duplicated = [...written].filter(([, n]) => n > 1).map(([key]) => key);
  const unexpected = [...written.keys()].filter((key) => !expected.has(key));
  const violations: string[] = [];
  if (missing.length > 0) violations.push(listed('windows without a prediction', missing));
  if (duplicated.length > 0)
    violations.push(listed('windows predicted more than once', duplicated));
  if (unexpected.length > 0)
    violations.push(listed('predictions for no expected window', unexpected));
  return {
    expected: expected.size,
    written: o.predictions.length,
    duplicated: duplicated.length,
    violations,
  };
}

/** The run ends `succeeded`, or `partial` with its cause reported; nothing crash-loops. */
export function checkOutcome(o: Observations) {
  const violations: string[] = [];
  let outcome = o.run.state;
  if (o.run.state === 'partial') {
    outcome = o.causes.length > 0 ? `partial (${o.causes.join('; ')})` : 'partial (no cause)';
    if (o.causes.length === 0) violations.push('run ended partial without a cause in its report');
  } else if (o.run.state !== 'succeeded') {
    violations.push(`run ended ${o.run.state}`);
  }
  if (o.unexpectedExits.length > 0) violations.push(listed('unexpected exits', o.unexpectedExits));
  if (o.notReady.length > 0) violations.push(listed('services not ready at the end', o.notReady));
  return { outcome, violations };
}

/** One table row and every invariant that did not hold. */
export function evaluate(o: Observations): Row {
  const readings = checkReadings(o);
  const predictions = checkPredictions(o, readings.windowKeys);
  const outcome = checkOutcome(o);
  const notes = [...(o.notes ?? [])];
  if (o.deadLetters > 0) notes.push(`${o.deadLetters} dead letters`);
  return {
    scenario: o.scenario,
    sent: o.readings.length,
    accepted: o.readings.filter((r) => r.accepted).length,
    windowed: readings.windowed,
    late: readings.late,
    predictionsExpected: predictions.expected,
    predictionsWritten: predictions.written,
    predictionsDuplicated: predictions.duplicated,
    outcome: outcome.outcome,
    violations: [...readings.violations, ...predictions.violations, ...outcome.violations],
    notes,
  };
}
