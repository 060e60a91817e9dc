/**
 * The soak's steady load: every `slotMs` one POST of `rate × slotMs / 1000` readings, event
 * time = now, the sensors taken round-robin, values from each sensor's `bench:run` series (its
 * model's level, noise, a spike now and then). Client-side latency of every request is kept
 * until the sampler takes it. A slot whose predecessors are all still in flight (the service
 * is behind by `maxInFlight` requests) is not sent and counted as skipped: the load stays an
 * open loop, it does not slow down to what the server takes.
 */
import type { Entity } from '@fleetscore/shared';
import { sensorValues } from '../run/fleet.js';

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  sensors: readonly Entity[];
  /** Readings per second. */
  rate: number;
  /** Time between requests, ms. Default 100. */
  slotMs?: number;
  /** Requests in flight before slots are skipped. Default 16. */
  maxInFlight?: number;
}

export interface LoadInterval {
  /** Readings answered 202 / requests answered otherwise (or failed) / readings not sent. */
  accepted: number;
  errors: number;
  skipped: number;
  /** Latency of each request completed in the interval, ms. */
  latenciesMs: number[];
}

export interface Load {
  /** What happened since the previous call. */
  take(): LoadInterval;
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<void>;
}

export function startLoad(options: LoadOptions): Load {
  const slotMs = options.slotMs ?? 100;
  const perSlot = Math.max(1, Math.round((options.rate * slotMs) / 1000));
  const maxInFlight = options.maxInFlight ?? 16;
  const series = options.sensors.map((s) => sensorValues(s));
  let interval: LoadInterval = { accepted: 0, errors: 0, skipped: 0, latenciesMs: [] };
  let cursor = 0;
  const inFlight = new Set<Promise<void>>();

  const body = (now: number) => {
    const items: string[] = [];
    for (let i = 0; i < perSlot; i += 1, cursor += 1) {
      const k = cursor % options.sensors.length;
      const sensor = options.sensors[k] as Entity;
      const values = series[k] as Float64Array;
      const value = values[Math.floor(cursor / options.sensors.length) % values.length] ?? 0;
      const ts = new Date(now).toISOString();
      items.push(
        `{"device":"${sensor.device}","sensor":"${sensor.sensor}","ts":"${ts}","value":${value}}`,
      );
    }
    return `[${items.join(',')}]`;
  };

  const send = async () => {
    const started = performance.now();
    try {
      const response = await fetch(`${options.url}/v1/readings`, {
        method: 'POST',
        headers: { ...options.headers, 'content-type': 'application/json' },
        body: body(Date.now()),
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      if (response.status === 202) interval.accepted += perSlot;
      else interval.errors += 1;
    } catch {
      interval.errors += 1;
    }
    interval.latenciesMs.push(performance.now() - started);
  };

  const timer = setInterval(() => {
    if (inFlight.size >= maxInFlight) {
      interval.skipped += perSlot;
      return;
    }
    const request = send().finally(() => inFlight.delete(request));
    inFlight.add(request);
  }, slotMs);

  return {
    take() {
      const taken = interval;
      interval = { accepted: 0, errors: 0, skipped: 0, latenciesMs: [] };
      return taken;
    },
    async stop() {
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
