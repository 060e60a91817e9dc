import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureBlobStore } from '../adapters/azure/blob-store.js';
import { windowShardPath } from '../contracts/blob-layout.js';
import type { WindowRecord } from '../contracts/window.js';
import { NonRetryableError } from '../errors.js';
import { testStack, uniqueName } from '../testing/stack-env.js';
import { formatWindows } from './formats/ndjson.js';
import { eachWindow, readWindows } from './read.js';

const { storageConnectionString: connectionString } = testStack();
const container = uniqueName('read');
let blobs: AzureBlobStore;
const HOUR = Date.UTC(2026, 10, 25, 10);
const folder = windowShardPath(HOUR, 0);

/** 20,000 windows ≈ 2.6 MB of NDJSON: the download arrives in many chunks. */
const windows: WindowRecord[] = Array.from({ length: 20_000 }, (_, i) => ({
  device: `dev${i % 50}`,
  sensor: `s${Math.floor(i / 50) % 4}`,
  end: new Date(HOUR + 5_000 * (1 + Math.floor(i / 200))).toISOString(),
  seconds: 5,
  count: 1,
  values: { avg: i / 7 },
}));
const range = { from: new Date(HOUR), to: new Date(HOUR + 3_600_000), shards: [0] };

beforeAll(async () => {
  blobs = await AzureBlobStore.connect({ connectionString, container });
  await blobs.put(`${folder}p0-a.ndjson`, formatWindows(windows));
});
afterAll(async () => {
  await new ContainerClient(connectionString, container).deleteIfExists();
});

describe('reading a large NDJSON window blob as a stream', () => {
  it('hands over every wanted window once, in blob order, across chunk boundaries', async () => {
    const got: WindowRecord[] = [];
    const devices = new Set(['dev7', 'dev49']);
    await eachWindow(blobs, { ...range, devices }, (w) => got.push(w));
    expect(got).toEqual(windows.filter((w) => devices.has(w.device)));
    expect(await readWindows(blobs, range)).toHaveLength(windows.length);
  });

  it('names the blob and the right line of a broken row far into the blob', async () => {
    const lines = formatWindows(windows).split('\n');
    lines[15_432] = '{"device":"dev7","sensor":"s0","end":"2026-11-25T10:00:05.000Z","seconds":-1}';
    const name = `${windowShardPath(HOUR, 1)}p0-b.ndjson`;
    await blobs.put(name, lines.join('\n'));
    const read = eachWindow(blobs, { ...range, shards: [1] }, () => {});
    await expect(read).rejects.toBeInstanceOf(NonRetryableError);
    await expect(eachWindow(blobs, { ...range, shards: [1] }, () => {})).rejects.toThrow(
      `${name} line 15433 is not a window record`,
    );
  });
});
