import { earliestEventPosition, MessagingError } from '@azure/event-hubs';
import { afterEach, describe, expect, it } from 'vitest';
import { isFleetscoreError } from '../../errors.js';
import type { EventStream } from '../../ports/event-stream.js';
import { describeEventStreamConformance } from '../../testing/event-stream-conformance.js';
import { bodyOf, Recorder, testEvents, waitFor } from '../../testing/event-stream-recorder.js';
import { InMemoryCheckpointStore } from '../../testing/fake-checkpoint-store.js';
import { FakeEventHub } from '../../testing/fake-event-hubs.js';
import { FakeEventHubConsumerClient } from '../../testing/fake-event-hubs-consumer.js';
import { FakeEventHubProducerClient } from '../../testing/fake-event-hubs-producer.js';
import { createEventHubsPublisher, createEventHubsStream } from './event-hubs/create.js';
import { EventHubsPublisher } from './event-hubs/publisher.js';
import { EventHubsStream, type EventHubsStreamOptions } from './event-hubs-stream.js';

const BACKOFF_MS = 100;
/** Short SDK load-balancing cycle, so takeovers happen within a test's patience. */
const EXPIRY_MS = 300;

/** Streams over one fake hub and checkpoint store, as several processes would share them. */
function hubFamily(
  options: EventHubsStreamOptions = {},
  store = new InMemoryCheckpointStore(),
  expiryMs = EXPIRY_MS,
) {
  const hub = new FakeEventHub({ partitionCount: 4, maxMessageSizeInBytes: 4_096 });
  const consumers = new Map<EventStream, FakeEventHubConsumerClient[]>();
  const producers = new Map<EventStream, FakeEventHubProducerClient>();
  const open = () => {
    const opened: FakeEventHubConsumerClient[] = [];
    const producer = new FakeEventHubProducerClient(hub);
    const stream = new EventHubsStream(
      producer,
      (group) => {
        const consumer = new FakeEventHubConsumerClient(hub, group, store, {
          loadBalancingOptions: {
            updateIntervalInMs: 20,
            partitionOwnershipExpirationIntervalInMs: expiryMs,
          },
        });
        opened.push(consumer);
        return consumer;
      },
      { retryBackoffMs: BACKOFF_MS, maxRetryBackoffMs: 400, ...options },
    );
    consumers.set(stream, opened);
    producers.set(stream, producer);
    return stream;
  };
  return {
    hub,
    store,
    open,
    producer: (stream: EventStream) => producers.get(stream)!,
    crash: async (stream: EventStream) => {
      for (const consumer of consumers.get(stream) ?? []) consumer.crash();
    },
    cleanup: async () => {
      await Promise.allSettled([...consumers.keys()].map((stream) => stream.close()));
    },
  };
}

describeEventStreamConformance('Event Hubs (SDK-surface fake)', async () => {
  const family = hubFamily();
  return {
    stream: family.open(),
    openPeer: async () => family.open(),
    crash: family.crash,
    settleMs: 4 * EXPIRY_MS,
    retryBackoffMs: BACKOFF_MS,
    cleanup: family.cleanup,
  };
});

describe('EventHubsStream (Event Hubs specifics)', () => {
  let family = hubFamily();
  afterEach(async () => {
    await family.cleanup();
  });

  it('sends one batch per partition key, split when full, in order', async () => {
    const stream = family.open();
    await stream.publish([...testEvents('k', 0, 40), ...testEvents('j', 0, 2)]);
    const sent = family.producer(stream).sent;
    expect(sent.filter((b) => b.partitionKey === 'k').length).toBeGreaterThan(1);
    expect(sent.filter((b) => b.partitionKey === 'j')).toEqual([{ partitionKey: 'j', count: 2 }]);
    const stored = family.hub
      .events(family.hub.partitionForKey('k'))
      .filter((e) => e.partitionKey === 'k');
    expect(stored.map((e) => JSON.parse(e.data.toString('utf8')).n)).toEqual(
      Array.from({ length: 40 }, (_, i) => i),
    );
    expect(stored[0]).toMatchObject({
      contentType: 'application/json',
      properties: { trace: 'k-0' },
    });
  });

  it('refuses an event larger than a batch can hold, as non-retryable', async () => {
    const stream = family.open();
    const huge = { partitionKey: 'k', body: 'x'.repeat(5_000) };
    await expect(stream.publish([huge])).rejects.toSatisfy((e) =>
      isFleetscoreError(e, 'NON_RETRYABLE'),
    );
  });

  it('translates transient SDK failures into UnavailableError, and only those', async () => {
    const stream = family.open();
    const busy = Object.assign(new MessagingError('server busy'), { code: 'ServerBusyError' });
    family.hub.failNext('sendBatch', busy);
    await expect(stream.publish(testEvents('k', 0, 1))).rejects.toSatisfy(
      (e) => isFleetscoreError(e, 'UNAVAILABLE') && (e as Error).cause === busy,
    );
    const down = Object.assign(new MessagingError('no route'), {
      code: 'ServiceCommunicationError',
      retryable: false,
    });
    family.hub.failNext('getPartitionIds', down);
    await expect(stream.partitionIds()).rejects.toSatisfy((e) =>
      isFleetscoreError(e, 'UNAVAILABLE'),
    );
    const denied = Object.assign(new MessagingError('bad'), {
      code: 'ArgumentError',
      retryable: false,
    });
    family.hub.failNext('sendBatch', denied);
    await expect(stream.publish(testEvents('k', 0, 1))).rejects.toBe(denied);
  });

  it('asks the SDK for the earliest event when there is no checkpoint, unlike its default', async () => {
    let given: unknown;
    const stream = new EventHubsStream(new FakeEventHubProducerClient(family.hub), () => ({
      subscribe: (_handlers: unknown, options?: unknown) => {
        given = options;
        return { close: async () => {}, isRunning: true };
      },
      close: async () => {},
    }));
    await stream.subscribe('g', new Recorder().handlers).close();
    expect(given).toEqual({
      startPosition: earliestEventPosition,
      maxBatchSize: 500,
      maxWaitTimeInSeconds: 1,
    });
  });

  it('redelivers a failed batch without giving up the partition (no SDK restart)', async () => {
    family = hubFamily({}, new InMemoryCheckpointStore(), 60_000);
    const stream = family.open();
    await stream.publish(testEvents('k', 0, 3));
    let failures = 0;
    const recorder = new Recorder(() => {
      if (failures++ < 2) throw new Error('not yet');
    });
    stream.subscribe('g', recorder.handlers);
    await waitFor('the events, after two failures', () => recorder.of('k').length === 3);
    expect(recorder.errors).toHaveLength(2);
    expect(recorder.closes).toEqual([]);
  });

  it('falls back to the SDK once a partition went past maxReplayEvents without a checkpoint', async () => {
    family = hubFamily({ maxReplayEvents: 2 });
    const stream = family.open();
    await stream.publish(testEvents('k', 0, 5));
    const boom = new Error('boom');
    let thrown = false;
    const recorder = new Recorder((event) => {
      if (bodyOf(event).n === 4 && !thrown) {
        thrown = true;
        throw boom;
      }
    });
    stream.subscribe('g', recorder.handlers, { maxBatchSize: 1 });
    await waitFor('a restart from the beginning', () => recorder.of('k').length >= 5);
    expect(recorder.errors.filter((e) => e.error === boom)).toHaveLength(1);
    const partitionId = family.hub.partitionForKey('k');
    expect(recorder.closes).toContainEqual({ reason: 'shutdown', partitionId });
    await waitFor(
      'event 3 again',
      () => recorder.of('k').filter((e) => bodyOf(e).n === 3).length === 2,
    );
    expect(
      recorder
        .of('k')
        .map((e) => bodyOf(e).n)
        .slice(0, 5),
    ).toEqual([0, 1, 2, 3, 0]);
  });

  it('reports load-balancing failures without a partition, and checkpoint failures as unavailable', async () => {
    const store = new InMemoryCheckpointStore();
    family = hubFamily({}, store);
    const listOwnership = store.listOwnership.bind(store);
    let failList = true;
    store.listOwnership = async (...args) => {
      if (failList) {
        failList = false;
        throw new Error('ownership listing failed');
      }
      return listOwnership(...args);
    };
    store.updateCheckpoint = async () => {
      throw Object.assign(new Error('storage down'), { name: 'RestError', statusCode: 503 });
    };
    const stream = family.open();
    await stream.publish(testEvents('k', 0, 1));
    let checkpointError: unknown;
    const recorder = new Recorder(async (event, context) => {
      checkpointError ??= await context.updateCheckpoint(event).catch((e: unknown) => e);
    });
    stream.subscribe('g', recorder.handlers);
    await waitFor('the event', () => recorder.of('k').length === 1);
    expect(recorder.errors[0]).toMatchObject({ partitionId: undefined });
    expect(isFleetscoreError(checkpointError, 'UNAVAILABLE')).toBe(true);
  });
});

describe('createEventHubsStream', () => {
  const container = {
    getBlobClient: () => {
      throw new Error('not used');
    },
    listBlobsFlat: () => {
      throw new Error('not used');
    },
  };

  it('builds the SDK clients from a connection string without connecting', async () => {
    const stream = createEventHubsStream({
      connectionString:
        'Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=c2VjcmV0',
      eventHubName: 'readings',
      checkpointContainerClient: container,
    });
    await stream.close();
  });

  it('rejects a config with neither a connection string nor a credential', () => {
    expect(() =>
      createEventHubsStream({
        fullyQualifiedNamespace: 'example.servicebus.windows.net',
        credential: undefined as never,
        eventHubName: 'readings',
        checkpointContainerClient: container,
      }),
    ).toThrow(/connection string/);
  });
});

describe('EventHubsPublisher (publish only: ingest)', () => {
  const unauthorized = () =>
    Object.assign(new MessagingError("Unauthorized access. 'Listen' claim(s) are required"), {
      code: 'UnauthorizedError',
      retryable: false,
    });

  it('publishes and probes with the sender alone, never asking for the hub properties', async () => {
    const hub = new FakeEventHub({ partitionCount: 4 });
    // A sender-only identity: the hub's properties ($management) are refused to it.
    for (let i = 0; i < 3; i += 1) hub.failNext('getPartitionIds', unauthorized());
    const producer = new FakeEventHubProducerClient(hub);
    const publisher = new EventHubsPublisher(producer);
    await publisher.probe();
    await publisher.publish(testEvents('k', 0, 3));
    await publisher.probe();
    expect(producer.sent).toEqual([{ partitionKey: 'k', count: 3 }]);
    const stored = hub.events(hub.partitionForKey('k'));
    expect(stored.map((e) => JSON.parse(e.data.toString('utf8')).n)).toEqual([0, 1, 2]);
    await publisher.close();
  });

  it('fails its probe as unavailable when the sender link cannot be opened', async () => {
    const hub = new FakeEventHub({ partitionCount: 2 });
    const publisher = new EventHubsPublisher(new FakeEventHubProducerClient(hub));
    const lost = Object.assign(new MessagingError('connection lost'), {
      code: 'ConnectionLostError',
      retryable: true,
    });
    hub.failNext('createBatch', lost);
    await expect(publisher.probe()).rejects.toSatisfy(
      (e) => isFleetscoreError(e, 'UNAVAILABLE') && (e as Error).cause === lost,
    );
    const denied = unauthorized();
    hub.failNext('createBatch', denied);
    await expect(publisher.probe()).rejects.toBe(denied);
    await publisher.close();
  });

  it('builds a producer client alone from a connection string, without connecting', async () => {
    const publisher = createEventHubsPublisher({
      connectionString:
        'Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=c2VjcmV0',
      eventHubName: 'readings',
    });
    expect(publisher).toBeInstanceOf(EventHubsPublisher);
    await publisher.close();
  });
});
