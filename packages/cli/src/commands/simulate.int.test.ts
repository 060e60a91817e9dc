import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Reading } from '@fleetscore/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { fleetscore } from '../cli.test-helper.js';
import type { SimulationSummary } from '../simulate/summary.js';

interface Received {
  status: number;
  authorization: string | undefined;
  path: string | undefined;
  readings: Reading[];
}

/** A stand-in ingest endpoint: records every request, answers with `answer(requestIndex)`. */
async function fakeIngest(answer: (i: number, res: ServerResponse) => void) {
  const received: Received[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const i = received.length;
    answer(i, res);
    received.push({
      status: res.statusCode,
      authorization: req.headers.authorization,
      path: req.url,
      readings: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reading[],
    });
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received };
}
const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

const accepted = (received: Received[]) =>
  received.filter((r) => r.status === 202).flatMap((r) => r.readings);

describe('fleetscore simulate --to', () => {
  it('retries a 503 with Retry-After and delivers every reading exactly once', async () => {
    const ingest = await fakeIngest((i, res) => {
      if (i === 0) res.writeHead(503, { 'retry-after': '1' });
      else res.writeHead(202);
    });
    const { code, stdout, stderr } = await fleetscore(
      'simulate',
      '--to',
      ingest.url,
      '--api-key',
      'k-123',
      '--from',
      '2018-08-28T23:00:00Z',
      '--duration',
      '1m',
      '--rate',
      '50',
      '--anomaly-rate',
      '0.1',
      '--batch-size',
      '400',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as SimulationSummary;
    expect(summary.retries).toBe(1);
    expect(summary.slots).toBe(3000);
    expect(summary.delivered + summary.withheld).toBe(3000);

    // The refused first batch was sent again, unchanged; nothing lost, nothing twice.
    expect(ingest.received[1]?.readings).toEqual(ingest.received[0]?.readings);
    const got = accepted(ingest.received);
    expect(got).toHaveLength(summary.delivered);
    expect(new Set(got.map((r) => `${r.device}/${r.sensor}/${r.ts}`)).size).toBe(got.length);
    expect(got.map((r) => r.ts)).toEqual(got.map((r) => r.ts).sort());
    expect(ingest.received.every((r) => r.readings.length <= 400)).toBe(true);
    expect(ingest.received.every((r) => r.authorization === 'Bearer k-123')).toBe(true);
    expect(ingest.received.every((r) => r.path === '/v1/readings')).toBe(true);
  });

  it('stops at a 4xx with the server answer and exit 1', async () => {
    const ingest = await fakeIngest((_, res) => res.writeHead(401));
    const { code, stderr } = await fleetscore(
      'simulate',
      '--to',
      ingest.url,
      '--from',
      '2018-08-28T23:00:00Z',
      '--duration',
      '10s',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/rejected a batch: HTTP 401/);
    expect(ingest.received).toHaveLength(1);
  });

  it('in real time, stamps readings with the wall clock at the given rate', async () => {
    const ingest = await fakeIngest((_, res) => res.writeHead(202));
    const before = Date.now();
    const { code } = await fleetscore(
      'simulate',
      '--to',
      ingest.url,
      '--rate',
      '20',
      '--duration',
      '1s',
    );
    const after = Date.now();
    expect(code).toBe(0);
    const got = accepted(ingest.received);
    expect(got).toHaveLength(20);
    const times = got.map((r) => Date.parse(r.ts));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(before);
    expect(Math.max(...times)).toBeLessThanOrEqual(after);
    // Paced, not sent at once: the last reading's event time is ~950 ms after the first.
    expect(Math.max(...times) - Math.min(...times)).toBe(950);
  });
});
