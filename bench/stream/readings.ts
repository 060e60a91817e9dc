import { mulberry32 } from '@fleetscore/shared';

/**
 * The bench's readings: `devices × sensors` pairs, each reporting once per tick of event time,
 * in tick order, so that the requests in flight at once span at most two ticks — well inside
 * the aggregator's 5 s lateness, so nothing is dropped as late. Pre-serialised before timing,
 * so that the sender's own JSON work does not compete with the services for the 2 cores.
 */
export interface ReadingPlan {
  readings: number;
  devices: number;
  sensors: number;
  /** Readings per request (ingest's limit is 5,000). */
  batchSize: number;
  /** First window start (ms), aligned to `windowMs`. */
  startMs: number;
  /** Event time between a pair's readings, ms; must divide `windowMs`. */
  tickMs: number;
  windowMs: number;
}

/** Reading i is pair `i mod pairs` at tick `i div pairs`; the JSON array bodies of the requests. */
export function readingBodies(plan: ReadingPlan): string[] {
  const { readings, devices, sensors, batchSize, startMs, tickMs } = plan;
  const pairs = devices * sensors;
  const next = mulberry32(6);
  const bodies: string[] = [];
  for (let first = 0; first < readings; first += batchSize) {
    const items: string[] = [];
    for (let i = first; i < Math.min(first + batchSize, readings); i++) {
      const pair = i % pairs;
      const device = Math.floor(pair / sensors);
      // 1–900 ms into the tick: strictly inside one window (start-exclusive, end-inclusive).
      const ts = new Date(startMs + Math.floor(i / pairs) * tickMs + 1 + (device % 900));
      const value = Math.round((10 + 5 * next()) * 100) / 100;
      items.push(
        `{"device":"d${device}","sensor":"s${pair % sensors}","ts":"${ts.toISOString()}","value":${value}}`,
      );
    }
    bodies.push(`[${items.join(',')}]`);
  }
  return bodies;
}

/** Distinct (device, sensor, window) of the plan: the windows the aggregator must write. */
export function expectedWindows(plan: ReadingPlan): number {
  const pairs = plan.devices * plan.sensors;
  const perWindow = pairs * (plan.windowMs / plan.tickMs);
  let windows = 0;
  for (let first = 0; first < plan.readings; first += perWindow) {
    windows += Math.min(pairs, plan.readings - first);
  }
  return windows;
}
