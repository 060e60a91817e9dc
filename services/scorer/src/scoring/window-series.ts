import { AGGREGATES, type Aggregate, type WindowRecord } from '@fleetscore/shared';

/**
 * One (device, sensor)'s windows as columns, one per end, sorted by end. A job keeps its K
 * entities' windows this way rather than as `WindowRecord` objects: about 24 bytes per window
 * and value instead of ~300, which is what bounds a scorer's memory at a thousand sensors per
 * job (720,000 windows an hour).
 */
export interface Series {
  /** Window ends as written (the reference's TS), shared strings. */
  readonly end: readonly string[];
  readonly endMs: Float64Array;
  /** The aggregate's value per window, NaN where the window has none; undefined if none has. */
  value(aggregate: Aggregate): Float64Array | undefined;
}

/** A device's series by sensor id. */
export type DeviceSeries = ReadonlyMap<string, Series>;

interface Growing {
  end: string[];
  endMs: number[];
  count: number[];
  values: Partial<Record<Aggregate, number[]>>;
}

/**
 * Collects windows as they are parsed (`eachWindow`) and hands back each device's series,
 * de-duplicated like `dedupeWindows`: of two windows with the same (device, sensor, end) the
 * one with the larger count wins, of equal counts the first seen. Ends compare as instants.
 */
export class SeriesCollector {
  readonly #devices = new Map<string, Map<string, Growing>>();
  /** Every series of a shard has the same few hundred ends: one string, parsed once, each. */
  readonly #ends = new Map<string, { end: string; ms: number }>();
  #windows = 0;

  get windows(): number {
    return this.#windows;
  }

  add(window: WindowRecord): void {
    let sensors = this.#devices.get(window.device);
    if (sensors === undefined) {
      sensors = new Map();
      this.#devices.set(window.device, sensors);
    }
    let series = sensors.get(window.sensor);
    if (series === undefined) {
      series = { end: [], endMs: [], count: [], values: {} };
      sensors.set(window.sensor, series);
    }
    let end = this.#ends.get(window.end);
    if (end === undefined) {
      end = { end: window.end, ms: Date.parse(window.end) };
      this.#ends.set(window.end, end);
    }
    const at = series.end.length;
    series.end.push(end.end);
    series.endMs.push(end.ms);
    series.count.push(window.count);
    for (const aggregate of AGGREGATES) {
      const value = window.values[aggregate];
      let column = series.values[aggregate];
      if (value === undefined) {
        column?.push(Number.NaN);
        continue;
      }
      if (column === undefined) {
        column = new Array<number>(at).fill(Number.NaN);
        series.values[aggregate] = column;
      }
      column.push(value);
    }
    this.#windows += 1;
  }

  /** Each device's series; the collector is emptied. */
  finish(): Map<string, DeviceSeries> {
    const out = new Map<string, DeviceSeries>();
    for (const [device, sensors] of this.#devices) {
      const done = new Map<string, Series>();
      for (const [sensor, growing] of sensors) done.set(sensor, settle(growing));
      out.set(device, done);
    }
    this.#devices.clear();
    this.#ends.clear();
    this.#windows = 0;
    return out;
  }
}

/** Sorted by end (stable), one window per end: the larger count, else the first seen. */
function settle(g: Growing): Series {
  const order = Array.from(g.endMs, (_, i) => i);
  if (!isSorted(g.endMs)) order.sort((a, b) => g.endMs[a]! - g.endMs[b]!);
  const kept: number[] = [];
  for (const i of order) {
    const last = kept[kept.length - 1];
    if (last !== undefined && g.endMs[last] === g.endMs[i]) {
      if (g.count[i]! > g.count[last]!) kept[kept.length - 1] = i;
    } else kept.push(i);
  }
  const columns = new Map<Aggregate, Float64Array>();
  for (const [aggregate, column] of Object.entries(g.values) as [Aggregate, number[]][]) {
    columns.set(
      aggregate,
      Float64Array.from(kept, (i) => column[i]!),
    );
  }
  return {
    end: kept.map((i) => g.end[i]!),
    endMs: Float64Array.from(kept, (i) => g.endMs[i]!),
    value: (aggregate) => columns.get(aggregate),
  };
}

function isSorted(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i += 1) if (values[i]! < values[i - 1]!) return false;
  return true;
}

/** The series of a list of windows (tests, training). */
export function seriesOf(windows: Iterable<WindowRecord>): Map<string, DeviceSeries> {
  const collector = new SeriesCollector();
  for (const window of windows) collector.add(window);
  return collector.finish();
}
