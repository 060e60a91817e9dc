/**
 * The reference path end to end, as `pnpm demo --reference` runs it: the four services as OS
 * processes on the real local stack (a session of their own: container, tables, queue,
 * stream), `fleetscore windows load` and `fleetscore models import-dir` as processes, one
 * scoring run per UTC hour through the REST API. What the runs' reports add up to must equal
 * what scikit-learn predicts with the same pickles on the same CSV, per model, per hour and in
 * total (test/fixtures/reference/expected.json, written by gen_reference.py beside it).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDemoArgs } from '../../deploy/local/demo/options.js';
import { EXPECTED_FILE, runReferenceDemo } from '../../deploy/local/demo/reference.js';
import type { ExpectedNumbers } from '../../deploy/local/demo/reference-compare.js';
import type { DemoSummary } from '../../deploy/local/demo/summary.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetscore-reference-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A base port whose next three are free too (the demo's services take base … base+3). */
async function freePorts(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer()
        .once('error', () => resolve(false))
        .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const checks = await Promise.all([0, 1, 2, 3].map((i) => free(base + i)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error('no four free consecutive ports');
}

describe('pnpm demo --reference', () => {
  it('scores the reference data hour by hour exactly as scikit-learn does', async () => {
    const expected = JSON.parse(await readFile(EXPECTED_FILE, 'utf8')) as ExpectedNumbers;
    const summaryFile = join(dir, 'summary.json');
    const options = parseDemoArgs([
      '--reference',
      '--port',
      String(await freePorts()),
      '--summary',
      summaryFile,
    ]);

    // Fails (and stops the services) well before the test's own timeout.
    expect(await runReferenceDemo(options, { runTimeoutMs: 150_000 })).toBe(0);

    const summary = JSON.parse(await readFile(summaryFile, 'utf8')) as DemoSummary;
    const details = summary.details!;
    expect(summary.mode).toBe('reference');
    expect(summary.runIds).toHaveLength(expected.hours.length);
    expect(Object.values(details.runStates)).toEqual(expected.hours.map(() => 'succeeded'));
    expect(details.deadLetters).toBe(0);
    expect(details.windows).toBe(expected.data.rows);
    expect(details.comparedWithSklearn).toBe(true);

    const counts = (m: { rows: number; anomalies: number }) => ({
      rows: m.rows,
      anomalies: m.anomalies,
    });
    expect(summary.perModel).toEqual(
      Object.fromEntries(Object.entries(expected.perModel).map(([key, m]) => [key, counts(m)])),
    );
    expect(details.perHour).toEqual(expected.perHour);
    expect({ rows: summary.rows, anomalies: summary.anomalies }).toEqual(expected.total);
    expect(expected.total).toEqual({ rows: 17_768, anomalies: 6_757 });
    expect(summary.sensors).toBe(15);
  }, 300_000);
});
