import { AGGREGATES, type Aggregate, type Entity, type WindowRecord } from '@fleetscore/shared';

/**
 * Feature rows of one entity, built from its windows and its model's `features` (pure).
 *
 * - A sensor entity (`device/sensor`) has one feature: the window's `avg` (the reference's
 *   Value), or the aggregate the single feature is named after (`max`, `stddev`…).
 * - A device entity (`device`) has one feature per sensor id: one row per window end at which
 *   every feature sensor has a window; ends with a sensor missing are left out and counted.
 */
export interface EntityRows {
  /** Window ends (the reference's TS), as written, one per row, in time order. */
  ts: string[];
  /** Row-major `ts.length × features.length`. */
  matrix: Float64Array;
  /** Sensor entities: the value scored per row (the CSV's Val); device entities: absent. */
  values?: number[];
  /** Window ends left out because a feature sensor (or the aggregate) was missing. */
  missing: number;
  /** The feature sensors that were missing at least once, sorted (device entities). */
  missingSensors: string[];
}

/** Windows of one device, in (end, sensor) order, from a list sorted by (end, device, sensor). */
export function windowsByDevice(windows: readonly WindowRecord[]): Map<string, WindowRecord[]> {
  const byDevice = new Map<string, WindowRecord[]>();
  for (const window of windows) {
    const list = byDevice.get(window.device);
    if (list === undefined) byDevice.set(window.device, [window]);
    else list.push(window);
  }
  return byDevice;
}

/** The aggregate a single-feature sensor model is fed: `avg` unless the feature names another. */
export function sensorAggregate(features: readonly string[]): Aggregate {
  const [only] = features;
  return only !== undefined && (AGGREGATES as readonly string[]).includes(only)
    ? (only as Aggregate)
    : 'avg';
}

/**
 * The rows of `entity` from its device's windows (`deviceWindows`, sorted by end). Throws a
 * RangeError when the model cannot score this entity (a sensor entity needs one feature).
 */
export function entityRows(
  entity: Entity,
  features: readonly string[],
  deviceWindows: readonly WindowRecord[],
): EntityRows {
  return entity.sensor === undefined
    ? deviceRows(features, deviceWindows)
    : sensorRows(entity.sensor, features, deviceWindows);
}

function sensorRows(
  sensor: string,
  features: readonly string[],
  windows: readonly WindowRecord[],
): EntityRows {
  if (features.length !== 1) {
    throw new RangeError(
      `the model has ${features.length} features; a sensor model scores one value per window`,
    );
  }
  const aggregate = sensorAggregate(features);
  const ts: string[] = [];
  const values: number[] = [];
  let missing = 0;
  for (const window of windows) {
    if (window.sensor !== sensor) continue;
    const value = window.values[aggregate];
    if (value === undefined) missing += 1;
    else {
      ts.push(window.end);
      values.push(value);
    }
  }
  return { ts, values, matrix: Float64Array.from(values), missing, missingSensors: [] };
}

function deviceRows(features: readonly string[], windows: readonly WindowRecord[]): EntityRows {
  const column = new Map(features.map((feature, j) => [feature, j]));
  const d = features.length;
  const ts: string[] = [];
  const cells: number[] = [];
  const missingSensors = new Set<string>();
  let missing = 0;
  // Windows arrive grouped by end; one pass collects each end's row.
  let i = 0;
  while (i < windows.length) {
    const end = windows[i]!.end;
    const row = new Array<number | undefined>(d).fill(undefined);
    for (; i < windows.length && windows[i]!.end === end; i += 1) {
      const window = windows[i]!;
      const j = column.get(window.sensor);
      if (j !== undefined) row[j] = window.values.avg;
    }
    const absent = features.filter((_, j) => row[j] === undefined);
    if (absent.length > 0) {
      missing += 1;
      for (const sensor of absent) missingSensors.add(sensor);
      continue;
    }
    ts.push(end);
    for (const value of row) cells.push(value!);
  }
  return {
    ts,
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
