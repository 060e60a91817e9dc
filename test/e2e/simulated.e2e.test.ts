/**
 * The simulated path end to end, as a user runs it: `pnpm demo` (deploy/local/demo.ts) as its
 * own process, which starts the four services as processes on the real local stack in a
 * session of its own. Then, from the session's container: readings in → predictions out.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { type BlobStore, reportBlobName, shardOf } from '@fleetscore/shared';
import { AzureBlobStore } from '@fleetscore/shared/azure';
import { testStack } from '@fleetscore/shared/testing';
import { readWindows } from '@fleetscore/shared/windows';
import { describe, expect, it } from 'vitest';
import { readRunPredictions } from '../../deploy/local/demo/blobs.js';
import { type AnomalyLabel, windowEndOf } from '../../deploy/local/demo/evaluate.js';
import { repoRoot } from '../../deploy/local/demo/services.js';
import type { DemoSummary } from '../../deploy/local/demo/summary.js';
import { freePortBlock } from './ports.js';

const DEVICES = 20;
const SENSORS = 3;
const SHARDS = 16; // the services' default FLEETSCORE_SHARDS
const W = 5_000;

async function runDemo(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'deploy/local/demo.ts', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

describe('pnpm demo on a small simulated fleet', () => {
  it('turns HTTP readings into exactly one prediction per window, finds the spikes and accounts for every sensor', async () => {
    const dir = await mkdtemp(resolve(tmpdir(), 'fleetscore-e2e-'));
    const summaryFile = resolve(dir, 'summary.json');
    const port = await freePortBlock();
    const { code, output } = await runDemo([
      '--devices',
      String(DEVICES),
      '--sensors',
      String(SENSORS),
      '--rate',
      '3',
      '--anomaly-rate',
      '0.02',
      '--seed',
      '5',
      '--port',
      String(port),
      '--summary',
      summaryFile,
    ]);
    expect(code, output).toBe(0);
    const summary = JSON.parse(await readFile(summaryFile, 'utf8')) as DemoSummary;
    const details = summary.details as NonNullable<DemoSummary['details']> & {
      session: string;
      labelsFile: string;
    };
    expect(summary.mode).toBe('simulated');
    expect(summary.sensors).toBe(DEVICES * SENSORS);

    const blobs: BlobStore = await AzureBlobStore.connect({
      connectionString: testStack().storageConnectionString,
      container: details.session,
    });
    const [runId] = summary.runIds as [string];
    const report = JSON.parse(
      (await blobs.get(reportBlobName(runId)))?.body.toString('utf8') ?? 'null',
    ) as {
      state: string;
      from: string;
      to: string;
      totals: { rows: number; anomalies: number };
      entities: { entity: string; status: string; rows: number }[];
      silent: string[];
    };
    const fromMs = Date.parse(report.from);
    const toMs = Date.parse(report.to);

    // Every (entity, window) scored exactly once.
    const rows = await readRunPredictions(blobs, runId, fromMs);
    const keys = rows.map((r) => `${r.device}/${r.sensor}@${r.endMs}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(rows.length).toBe(summary.rows);
    expect(report.totals.rows).toBe(rows.length);

    // Every window the aggregator wrote for the hour has its prediction, and no other row exists.
    const devices = Array.from({ length: DEVICES }, (_, i) => String(i + 1));
    const windows = await readWindows(blobs, {
      from: new Date(fromMs),
      to: new Date(toMs),
      shards: [...new Set(devices.map((d) => shardOf(d, SHARDS)))],
    });
    expect(new Set(keys)).toEqual(
      new Set(windows.map((w) => `${w.device}/${w.sensor}@${Date.parse(w.end)}`)),
    );

    // Every labelled anomaly that altered readings has its windows in the predictions.
    const labels = (await readFile(details.labelsFile, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as AnomalyLabel);
    const altering = labels.filter((l) => l.kind !== 'dropout' && l.readings > 0);
    expect(altering.length).toBeGreaterThan(0);
    const scored = new Set(keys);
    let checked = 0;
    for (const label of altering) {
      // The window of its first altered reading, and for a spike of its last one.
      const instants = label.kind === 'spike' ? [label.start, label.end] : [label.start];
      for (const instant of instants) {
        const end = windowEndOf(Date.parse(instant), W);
        if (end < fromMs || end >= toMs) continue; // its window belongs to the next hour
        expect(scored.has(`${label.device}/${label.sensor}@${end}`), JSON.stringify(label)).toBe(
          true,
        );
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(summary.recallByKind.spike).toBeGreaterThanOrEqual(0.95);

    // The completeness report accounts for every sensor: all scored, none silent.
    expect(report.state).toBe('succeeded');
    const expected = devices.flatMap((d) =>
      Array.from({ length: SENSORS }, (_, s) => `${d}/${s + 1}`),
    );
    expect(report.entities.map((e) => e.entity).sort()).toEqual(expected.sort());
    expect(report.entities.every((e) => e.status === 'scored' && e.rows > 0)).toBe(true);
    expect(report.silent).toEqual([]);
  }, 240_000);
});
