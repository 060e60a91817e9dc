import { execFileSync } from 'node:child_process';
import type { Reading } from '@fleetscore/shared';
import { AzureBlobStore, createContainerClient } from '@fleetscore/shared/azure';
import { RedisEventStream } from '@fleetscore/shared/local';
import { testStack, uniqueName } from '@fleetscore/shared/testing';
import { readWindows } from '@fleetscore/shared/windows';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServiceProcess, startService, waitForStatus } from '../services/service-process.js';

const { redisUrl, storageConnectionString } = testStack();
const container = uniqueName('agge2e');
const group = uniqueName('agge2e');
const PORT = 18_282;
// The service reads the shared `readings` stream: unique devices, group and container isolate
// this test, and event times near now keep other suites' readings from making ours late.
const env = {
  FLEETSCORE_REDIS_URL: redisUrl,
  FLEETSCORE_STORAGE_CONNECTION_STRING: storageConnectionString,
  FLEETSCORE_BLOB_CONTAINER: container,
  FLEETSCORE_AGGREGATOR_GROUP: group,
  FLEETSCORE_HEALTH_PORT: String(PORT),
  FLEETSCORE_FLUSH_SECONDS: '1',
  FLEETSCORE_IDLE_TIMEOUT_SECONDS: '1',
  FLEETSCORE_LATE_TOLERANCE_SECONDS: '1',
  FLEETSCORE_SHARDS: '4',
  FLEETSCORE_LOG_LEVEL: 'warn',
};
const running: ServiceProcess[] = [];
const stream = new RedisEventStream(redisUrl, { name: 'readings', partitionCount: 4 });

afterAll(async () => {
  for (const p of running) killHard(p);
  await stream.close();
  await createContainerClient({
    connectionString: storageConnectionString,
    container,
  }).deleteIfExists();
});

describe('aggregator as a process', () => {
  it('after kill -9 mid-stream, a new process completes the windows and readers count each once', async () => {
    const devices = Array.from({ length: 6 }, (_, d) => `${group}-${d}`);
    const start = Math.floor((Date.now() - 30_000) / 5000) * 5000;
    const steps = 80; // 20 s of event time, published over about 8 s of wall time in two halves
    const readings: Reading[] = [];
    for (let i = 0; i < steps; i += 1)
      for (const device of devices)
        readings.push({
          device,
          sensor: 's',
          ts: new Date(start + i * 250 + 1).toISOString(),
          value: i % 9,
        });
    // One event per (step, device), in time order, 100 ms apart.
    const publish = async (from: number, to: number) => {
      for (let i = from; i < to; i += 1) {
        const step = readings.slice(i * devices.length, (i + 1) * devices.length);
        await stream.publish(
          step.map((r) => ({
            partitionKey: r.device,
            body: { batchId: uniqueName('b'), readings: [r] },
          })),
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    const blobs = await AzureBlobStore.connect({
      connectionString: storageConnectionString,
      container,
    });
    const expected = new Map<string, number>();
    for (const r of readings) {
      const end = Math.ceil(Date.parse(r.ts) / 5000) * 5000;
      const key = `${r.device}@${new Date(end).toISOString()}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const read = () =>
      readWindows(blobs, {
        from: new Date(start - 3_600_000),
        to: new Date(Date.now() + 3_600_000),
        shards: [0, 1, 2, 3],
        devices: new Set(devices),
      });
    // The first half is published while the first process runs (ready first, so that a slow
    // start on a loaded machine cannot leave it a finished stream), and it is killed at its
    // first window blob: mid-stream, with windows open and events not yet checkpointed. The
    // second half comes after the kill, so its windows can only be the successor's — which
    // must also replay what the first process read but did not checkpoint.
    const first = startService('aggregator', env);
    running.push(first);
    await waitForStatus(`http://127.0.0.1:${PORT}/readyz`, 200);
    const firstHalf = publish(0, steps / 2);
    await waitFor(async () => {
      for await (const _ of blobs.list('windows/')) return true;
      return false;
    }).catch((error: Error) => {
      throw new Error(`${error.message}: ${first.output()}`);
    });
    killHard(first); // wherever it is: mid-flush, between blob and checkpoint, …
    await first.exited;
    await firstHalf;
    await publish(steps / 2, steps);

    const second = startService('aggregator', env);
    running.push(second);
    await waitForStatus(`http://127.0.0.1:${PORT}/readyz`, 200);
    // The first owner's leases expire (10 s) before the second takes its partitions over.
    await waitFor(async () => (await read()).length === expected.size, 45_000);
    const windows = await read();
    expect(new Map(windows.map((w) => [`${w.device}@${w.end}`, w.count]))).toEqual(expected);

    second.child.kill('SIGTERM');
    const code = await second.exited;
    expect(code, second.output()).toBe(0);
  }, 90_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * `kill -9` of the service itself: the spawned process is tsx, which runs the service as its
 * child and does not pass SIGKILL on, so the child is killed first (a dead process's orphan
 * would otherwise keep consuming).
 */
function killHard(service: ServiceProcess): void {
  const pid = service.child.pid;
  if (pid === undefined || service.child.exitCode !== null) return;
  let children: string[] = [];
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  } catch {
    // no children: ps exits 1
  }
  for (const child of children) process.kill(Number(child), 'SIGKILL');
  service.child.kill('SIGKILL');
}
