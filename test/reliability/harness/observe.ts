/**
 * Reads back what the system wrote, raw (no de-duplication: the checker must see a window or a
 * prediction written twice): the window blobs and late-events audit of the hours around the
 * run, the run's prediction blobs, its record and report, and the queue's dead letters.
 */

import type { BlobStore, RunBody } from '@fleetscore/shared';
import { hourPath, hoursBetween } from '@fleetscore/shared';
import { decodeWindowBlob } from '@fleetscore/shared/windows';
import { runReport } from '../../../deploy/local/demo/api.js';
import { readRunPredictions } from '../../../deploy/local/demo/blobs.js';
import type { LateReading, Observations, PredictionCopy, WindowCopy } from '../invariants.js';
import type { ReliabilitySystem } from './system.js';

const HOUR = 3_600_000;

export async function readWindowCopies(blobs: BlobStore, fromMs: number, toMs: number) {
  const windows: WindowCopy[] = [];
  const late: LateReading[] = [];
  for (const hour of hoursBetween(fromMs - HOUR, toMs + HOUR)) {
    for await (const item of blobs.list(hourPath('windows', hour))) {
      const blob = await blobs.get(item.name);
      if (blob === undefined) continue;
      for (const w of await decodeWindowBlob(item.name, blob.body)) {
        const { device, sensor, count } = w;
        windows.push({ device, sensor, count, endMs: Date.parse(w.end), blob: item.name });
      }
    }
    for await (const item of blobs.list(hourPath('late-events', hour))) {
      const blob = await blobs.get(item.name);
      for (const line of blob?.body.toString('utf8').split('\n') ?? []) {
        if (line.trim() === '') continue;
        const event = JSON.parse(line) as {
          outcome: string;
          reading: { device: string; sensor: string; ts: string };
        };
        // An adjusted reading is in a window as well; only a dropped one is "late" instead.
        if (event.outcome !== 'dropped') continue;
        const { device, sensor, ts } = event.reading;
        late.push({ device, sensor, tsMs: Date.parse(ts) });
      }
    }
  }
  return { windows, late };
}

/** Entities with a model after a training run: the ones its report lists as trained. */
export async function trainedEntities(system: ReliabilitySystem, runId: string) {
  const report = await runReport(system.api, runId);
  return new Set(report.entities.filter((e) => e.status === 'trained').map((e) => e.entity));
}

export interface Gathered {
  windows: WindowCopy[];
  late: LateReading[];
  predictions: PredictionCopy[];
  causes: string[];
  deadLetters: number;
  unexpectedExits: string[];
  notReady: string[];
}

/** Everything the checker needs besides the readings sent and the models. */
export async function gather(system: ReliabilitySystem, run: RunBody): Promise<Gathered> {
  const fromMs = Date.parse(run.from);
  const toMs = Date.parse(run.to);
  const { windows, late } = await readWindowCopies(system.blobs, fromMs, toMs);
  const rows = await readRunPredictions(system.blobs, run.id, fromMs);
  const predictions = rows.map((r) => ({
    device: r.device,
    sensor: r.sensor,
    endMs: r.endMs,
    blob: '',
  }));
  const report = await runReport(system.api, run.id).catch(() => undefined);
  const causes = [
    ...(report?.deadLettered ?? []).map((d) => `job ${d.job} dead-lettered: ${d.reason}`),
    ...(report?.entities ?? [])
      .filter((e) => e.status === 'failed' || e.status === 'no-model')
      .map((e) => `${e.entity} ${e.status}${e.reason ? `: ${e.reason}` : ''}`),
  ];
  const letters = await system.api.get<{ items: unknown[] }>('/v1/dead-letters?limit=1000');
  return {
    windows,
    late,
    predictions,
    causes,
    deadLetters: letters.items.length,
    unexpectedExits: system.processes.unexpectedExits(),
    notReady: await system.processes.notReady(),
  };
}

export type { Observations };
