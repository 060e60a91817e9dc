/**
 * The scenarios' workload: every sensor of a small fleet reads once per step over a past span
 * of event time, sent through HTTP ingest the way a gateway would (batches with an
 * Idempotency-Key, retried with the same key on 429/5xx/network errors, Retry-After honoured).
 * The sender keeps each reading and whether its request was answered 202, which is what the
 * invariant checker needs ("no reading accepted with 202 is lost").
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { mulberry32, type Reading, uniform } from '@fleetscore/shared';
import type { SentReading } from '../invariants.js';

export interface Workload {
  devices: number;
  sensors: number;
  /** Event time between two readings of one sensor, ms. */
  stepMs: number;
  /** Window ends of the scored run, `[fromMs, toMs)`; readings fall in its windows only. */
  fromMs: number;
  toMs: number;
}

const WINDOW_MS = 5_000;

/** `1/1` … `{devices}/{sensors}`. */
export const entitiesOf = (w: Workload) =>
  Array.from({ length: w.devices * w.sensors }, (_, i) => {
    return `${Math.floor(i / w.sensors) + 1}/${(i % w.sensors) + 1}`;
  });

/**
 * Readings in event-time order. A sensor's readings start at a small per-sensor offset after
 * `fromMs` (never on a window boundary) and stop before the last window that ends at `toMs`,
 * so every reading's window end is in `[fromMs, toMs)`.
 */
export function readingsOf(w: Workload, seed = 1): Reading[] {
  const random = mulberry32(seed);
  const readings: Reading[] = [];
  for (let t = w.fromMs; t + w.stepMs <= w.toMs - WINDOW_MS; t += w.stepMs) {
    for (let d = 1; d <= w.devices; d++) {
      for (let s = 1; s <= w.sensors; s++) {
        const ts = t + 1 + ((d * 31 + s * 7) % (w.stepMs - 1));
        const value = Math.round(uniform(random, 10 * s, 10 * s + 5) * 1000) / 1000;
        readings.push({
          device: String(d),
          sensor: String(s),
          ts: new Date(ts).toISOString(),
          value,
        });
      }
    }
  }
  return readings;
}

export interface SendOptions {
  ingestUrl: string;
  apiKey?: string;
  /** Readings per request; default 1,000. */
  batch?: number;
  /** Requests in flight; default 4. */
  concurrency?: number;
  /** Pause after each request of a worker, ms (spreads the workload over time); default 0. */
  pauseMs?: number;
  /** How long one batch may keep being retried before it counts as not accepted; default 120 s. */
  giveUpMs?: number;
}

export interface SendResult {
  readings: SentReading[];
  retries: number;
  /** Status codes of the answers that were not 202, counted. */
  refusals: Record<string, number>;
}

export async function sendReadings(
  readings: readonly Reading[],
  o: SendOptions,
): Promise<SendResult> {
  const size = o.batch ?? 1_000;
  const batches: Reading[][] = [];
  for (let i = 0; i < readings.length; i += size) batches.push(readings.slice(i, i + size));
  const accepted = new Array<boolean>(batches.length).fill(false);
  const result: SendResult = { readings: [], retries: 0, refusals: {} };
  const prefix = `rel-${Date.now().toString(36)}`;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < batches.length; i = next++) {
      accepted[i] = await post(batches[i] as Reading[], `${prefix}-${i}`, o, result);
      if (o.pauseMs) await sleep(o.pauseMs);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 4 }, worker));
  batches.forEach((batch, i) => {
    for (const r of batch) {
      result.readings.push({
        device: r.device,
        sensor: r.sensor,
        tsMs: Date.parse(r.ts),
        accepted: accepted[i] as boolean,
      });
    }
  });
  return result;
}

async function post(batch: Reading[], key: string, o: SendOptions, result: SendResult) {
  const deadline = Date.now() + (o.giveUpMs ?? 120_000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': key,
    ...(o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}),
  };
  const body = JSON.stringify(batch);
  for (;;) {
    let wait = 500;
    let status = 'network';
    try {
      const response = await fetch(`${o.ingestUrl}/v1/readings`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      if (response.status === 202) return true;
      status = String(response.status);
      const after = Number(response.headers.get('retry-after'));
      if (Number.isFinite(after) && after > 0) wait = Math.min(after * 1000, 5_000);
      if (response.status < 500 && response.status !== 429) {
        result.refusals[status] = (result.refusals[status] ?? 0) + 1;
        return false;
      }
    } catch {
      // connection refused or reset: ingest is down or restarting; retried like a 503
    }
    result.refusals[status] = (result.refusals[status] ?? 0) + 1;
    if (Date.now() + wait > deadline) return false;
    result.retries += 1;
    await sleep(wait);
  }
}
