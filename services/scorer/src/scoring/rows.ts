import { AGGREGATES, type Aggregate, type Entity } from '@fleetscore/shared';
import type { DeviceSeries, Series } from './window-series.js';

/**
 * Feature rows of one entity, built from its device's series and its model's `features` (pure).
 *
 * - A sensor entity (`device/sensor`) has one feature: the window's `avg` (the reference's
 *   Value), or the aggregate the single feature is named after (`max`, `stddev`…).
 * - A device entity (`device`) has one feature per sensor id: one row per window end at which
 *   every feature sensor has a window; ends with a sensor missing are left out and counted.
 */
export interface EntityRows {
  /** Window ends (the reference's TS), as written, one per row, in time order. */
  ts: string[];
  /** The same ends as instants (ms). */
  tsMs: Float64Array;
  /** Row-major `ts.length × features.length`. */
  matrix: Float64Array;
  /**
   * Sensor entities: the value scored per row (the CSV's Val), a copy of `matrix` (which the
   * SVM runner takes over: it is transferred to a worker thread); device entities: absent.
   */
  values?: Float64Array;
  /** Window ends left out because a feature sensor (or the aggregate) was missing. */
  missing: number;
  /** The feature sensors that were missing at least once, sorted (device entities). */
  missingSensors: string[];
}

/** The aggregate a single-feature sensor model is fed: `avg` unless the feature names another. */
export function sensorAggregate(features: readonly string[]): Aggregate {
  const [only] = features;
  return only !== undefined && (AGGREGATES as readonly string[]).includes(only)
    ? (only as Aggregate)
    : 'avg';
}

const NO_SERIES: DeviceSeries = new Map();

/**
 * The rows of `entity` from its device's series (undefined: the device has no windows).
 * Throws a RangeError when the model cannot score this entity (a sensor entity needs one
 * feature).
 */
export function entityRows(
  entity: Entity,
  features: readonly string[],
  device: DeviceSeries | undefined,
): EntityRows {
  return entity.sensor === undefined
    ? deviceRows(features, device ?? NO_SERIES)
    : sensorRows(features, (device ?? NO_SERIES).get(entity.sensor));
}

function sensorRows(features: readonly string[], series: Series | undefined): EntityRows {
  if (features.length !== 1) {
    throw new RangeError(
      `the model has ${features.length} features; a sensor model scores one value per window`,
    );
  }
  const n = series?.end.length ?? 0;
  const column = series?.value(sensorAggregate(features));
  const ts: string[] = [];
  const tsMs: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n && column !== undefined; i += 1) {
    const value = column[i]!;
    if (Number.isNaN(value)) continue;
    ts.push(series!.end[i]!);
    tsMs.push(series!.endMs[i]!);
    values.push(value);
  }
  const matrix = Float64Array.from(values);
  return {
    ts,
    tsMs: Float64Array.from(tsMs),
    matrix,
    values: matrix.slice(),
    missing: n - ts.length,
    missingSensors: [],
  };
}

function deviceRows(features: readonly string[], device: DeviceSeries): EntityRows {
  const d = features.length;
  // Every end at which any sensor of the device has a window is a candidate row.
  const ends = new Map<number, string>();
  for (const series of device.values()) {
    series.endMs.forEach((ms, i) => {
      if (!ends.has(ms)) ends.set(ms, series.end[i]!);
    });
  }
  const times = Float64Array.from(ends.keys()).sort();
  const columns = features.map((sensor) => {
    const series = device.get(sensor);
    return { series, avg: series?.value('avg'), next: 0 };
  });
  const ts: string[] = [];
  const tsMs: number[] = [];
  const cells: number[] = [];
  const row = new Float64Array(d);
  const missingSensors = new Set<string>();
  let missing = 0;
  for (const ms of times) {
    let complete = true;
    for (let j = 0; j < d; j += 1) {
      const c = columns[j]!;
      const endMs = c.series?.endMs;
      while (endMs !== undefined && c.next < endMs.length && endMs[c.next]! < ms) c.next += 1;
      const value =
        endMs !== undefined && endMs[c.next] === ms ? (c.avg?.[c.next] ?? Number.NaN) : Number.NaN;
      if (Number.isNaN(value)) {
        complete = false;
        missingSensors.add(features[j]!);
      } else row[j] = value;
    }
    if (!complete) {
      missing += 1;
      continue;
    }
    ts.push(ends.get(ms)!);
    tsMs.push(ms);
    for (const value of row) cells.push(value);
  }
  return {
    ts,
    tsMs: Float64Array.from(tsMs),
    matrix: Float64Array.from(cells),
    missing,
    missingSensors: [...missingSensors].sort(),
  };
}

/** Why rows were left out, for the entity's outcome; undefined when none were. */
export function missingReason(rows: EntityRows): string | undefined {
  if (rows.missing === 0) return undefined;
  const which =
    rows.missingSensors.length > 0 ? `: missing sensor(s) ${rows.missingSensors.join(', ')}` : '';
  return `${rows.missing} window(s) left out${which}`;
}
