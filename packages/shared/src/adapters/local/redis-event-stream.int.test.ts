import { createServer, connect as dial, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { isFleetscoreError } from '../../errors.js';
import type { EventStream } from '../../ports/event-stream.js';
import { describeEventStreamConformance } from '../../testing/event-stream-conformance.js';
import { Recorder, testEvents, waitFor } from '../../testing/event-stream-recorder.js';
import { testStack, uniqueName } from '../../testing/stack-env.js';
import { RedisEventStream, type RedisEventStreamOptions } from './redis-event-stream.js';
import { partitionOf } from './redis-stream/keys.js';

const { redisUrl } = testStack();
const LEASE_MS = 600;
const BACKOFF_MS = 100;

/** Streams over one name, each with its own tracked connections (so a test can cut them). */
function streamFamily(options: Partial<RedisEventStreamOptions> = {}) {
  const name = uniqueName('es');
  const connections = new Map<EventStream, Redis[]>();
  const open = () => {
    const opened: Redis[] = [];
    const stream = new RedisEventStream(
      () => {
        const connection = new Redis(redisUrl);
        opened.push(connection);
        return connection;
      },
      { name, leaseMs: LEASE_MS, retryBackoffMs: BACKOFF_MS, maxRetryBackoffMs: 400, ...options },
    );
    connections.set(stream, opened);
    return stream;
  };
  return {
    name,
    open,
    connections: (stream: EventStream) => connections.get(stream) ?? [],
    /** A dead process: every connection drops at once, nothing is released. */
    crash: async (stream: EventStream) => {
      for (const connection of connections.get(stream) ?? []) connection.disconnect();
    },
    cleanup: async () => {
      await Promise.allSettled([...connections.keys()].map((stream) => stream.close()));
      const admin = new Redis(redisUrl);
      await deleteKeysWithPrefix(admin, `fs:stream:${name}:`);
      await admin.quit();
    },
  };
}

async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (found.length > 0) await redis.del(...found);
  } while (cursor !== '0');
}

describeEventStreamConformance('Redis Streams', async () => {
  const family = streamFamily();
  return {
    stream: family.open(),
    openPeer: async () => family.open(),
    crash: family.crash,
    settleMs: 4 * LEASE_MS,
    retryBackoffMs: BACKOFF_MS,
    cleanup: family.cleanup,
  };
});

describe('RedisEventStream (Redis specifics)', () => {
  let family = streamFamily();
  const admin = new Redis(redisUrl);
  afterEach(async () => {
    await family.cleanup();
    family = streamFamily();
  });

  it('stores one entry per event in its partition stream, with a sequence number', async () => {
    const stream = family.open();
    await stream.publish([...testEvents('a', 0, 2), ...testEvents('b', 0, 1)]);
    const partition = partitionOf('a', 4);
    const entries = await admin.xrange(`fs:stream:${family.name}:${partition}`, '-', '+');
    const ofA = entries.filter(([, fields]) => fields[3] === 'a');
    expect(ofA.map(([, fields]) => fields.slice(0, 4))).toEqual([
      ['seq', ofA[0]![1][1], 'key', 'a'],
      ['seq', String(Number(ofA[0]![1][1]) + 1), 'key', 'a'],
    ]);
    expect(JSON.parse(ofA[1]![1][5]!)).toMatchObject({ key: 'a', n: 1 });
    expect(JSON.parse(ofA[1]![1][7]!)).toEqual({ trace: 'a-1' });
  });

  it('trims partitions to about maxLenApprox entries', async () => {
    const stream = family.open();
    const trimmed = new RedisEventStream(redisUrl, { name: family.name, maxLenApprox: 10 });
    await trimmed.publish(testEvents('a', 0, 500));
    await trimmed.close();
    const length = await admin.xlen(`fs:stream:${family.name}:${partitionOf('a', 4)}`);
    expect(length).toBeLessThan(500);
    await stream.close();
  });

  it('reads with one connection per owned partition and closes them all', async () => {
    const stream = family.open();
    const recorder = new Recorder();
    const subscription = stream.subscribe('conns', recorder.handlers);
    await waitFor('four partitions', () => recorder.owned.size === 4);
    const connections = family.connections(stream);
    expect(connections).toHaveLength(5);
    await subscription.close();
    await stream.close();
    await waitFor('every connection ended', () => connections.every((c) => c.status === 'end'));
  });

  it('stops a partition whose lease was taken, and resumes it once the lease is free', async () => {
    const stream = family.open();
    const recorder = new Recorder();
    stream.subscribe('fenced', recorder.handlers, { maxWaitTimeMs: 100 });
    await waitFor('four partitions', () => recorder.owned.size === 4);
    const partition = String(partitionOf('k', 4));
    const lease = `fs:stream:${family.name}:${partition}:lease:fenced`;
    await admin.set(lease, 'intruder', 'PX', 60_000);
    await waitFor('ownership lost', () =>
      recorder.closes.some((c) => c.partitionId === partition && c.reason === 'ownershipLost'),
    );
    await stream.publish(testEvents('k', 0, 3));
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS));
    expect(recorder.of('k')).toEqual([]);
    await admin.del(lease);
    await waitFor('the events, once the lease is back', () => recorder.of('k').length === 3);
  });

  it('gives a newcomer its share of a group one subscriber held whole', async () => {
    const first = family.open();
    const second = family.open();
    const a = new Recorder();
    const b = new Recorder();
    first.subscribe('late', a.handlers);
    await waitFor('a owns all', () => a.owned.size === 4);
    second.subscribe('late', b.handlers);
    await waitFor('two each', () => a.owned.size === 2 && b.owned.size === 2, 8 * LEASE_MS);
    expect(a.closes.every((c) => c.reason === 'ownershipLost')).toBe(true);
  });

  it('stops readers whose connections are waiting to reconnect (a Redis outage)', async () => {
    // Reader connections go through a relay that is then shut: their commands wait in ioredis's
    // queue for a reconnect, and a disconnect() at that point never settles them.
    const relay = await tcpRelay(new URL(redisUrl));
    let opened = 0;
    const stream = new RedisEventStream(
      () => new Redis(opened++ === 0 ? redisUrl : relay.url).on('error', () => {}),
      { name: family.name, leaseMs: 60_000 },
    );
    const recorder = new Recorder();
    const subscription = stream.subscribe('outage', recorder.handlers, { maxWaitTimeMs: 100 });
    await waitFor('four partitions', () => recorder.owned.size === 4);
    await stream.publish(testEvents('k', 0, 2));
    await waitFor('the events', () => recorder.of('k').length === 2);
    await relay.shut();
    await new Promise((resolve) => setTimeout(resolve, 300)); // reads now wait to reconnect
    await subscription.close();
    expect(recorder.closes.map((c) => c.reason)).toEqual(Array(4).fill('shutdown'));
    await stream.close();
  });

  it('rejects names that would not make clean keys', () => {
    const invalid = (options: RedisEventStreamOptions) => {
      try {
        new RedisEventStream(redisUrl, options);
      } catch (error) {
        return isFleetscoreError(error, 'CONFIG_INVALID');
      }
      return false;
    };
    expect(invalid({ name: 'a:b' })).toBe(true);
    expect(invalid({ name: 'ok', partitionCount: 0 })).toBe(true);
    const stream = family.open();
    expect(() => stream.subscribe('bad group', new Recorder().handlers)).toThrow(/consumer group/);
  });
});

/** A TCP relay to `target` that can be shut: listener closed, every piped socket destroyed. */
async function tcpRelay(target: URL) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = dial(Number(target.port), target.hostname);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => b.destroy());
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    shut: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
