import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStream, SubscribeOptions, Subscription } from '../ports/event-stream.js';
import {
  bodyOf,
  idOf,
  idsOfOutgoing,
  keys,
  Recorder,
  testEvents,
  waitFor,
} from './event-stream-recorder.js';

/** What the conformance suite needs from an adapter under test. */
export interface EventStreamHarness {
  /** The stream under test, with at least 2 partitions and nothing published yet. */
  stream: EventStream;
  /** Another client of the same stream, as a second process would open it. */
  openPeer(): Promise<EventStream>;
  /**
   * Kills `stream` as if its process died: no more deliveries, no checkpoint, no ownership
   * released (its partitions move only once its leases expire).
   */
  crash(stream: EventStream): Promise<void>;
  /** Upper bound, ms, for a crashed owner's partitions to move or for a group to rebalance. */
  settleMs: number;
  /** The delay before a batch whose handler threw is redelivered, as configured, ms. */
  retryBackoffMs: number;
  /** Closes what the fixture opened and removes what it created. */
  cleanup(): Promise<void>;
}

const TEST_TIMEOUT_MS = 30_000;

/**
 * The EventStream contract (ports/event-stream.ts) as vitest tests. Every adapter runs it: the
 * Redis one against a real Redis, the Event Hubs one through the SDK-surface fake.
 */
export function describeEventStreamConformance(
  label: string,
  factory: () => Promise<EventStreamHarness>,
): void {
  describe(`EventStream conformance: ${label}`, () => {
    let harness: EventStreamHarness;
    let subscriptions: Subscription[] = [];
    const subscribe = (
      stream: EventStream,
      group: string,
      recorder: Recorder,
      options?: SubscribeOptions,
    ) => {
      const subscription = stream.subscribe(group, recorder.handlers, options);
      subscriptions.push(subscription);
      return subscription;
    };
    const test = (name: string, body: () => Promise<void>) => it(name, body, TEST_TIMEOUT_MS);

    beforeEach(async () => {
      harness = await factory();
    });
    afterEach(async () => {
      await Promise.allSettled(subscriptions.map((subscription) => subscription.close()));
      subscriptions = [];
      await harness.cleanup();
    });

    test('lists distinct partition ids, the same on every call', async () => {
      const ids = await harness.stream.partitionIds();
      expect(ids.length).toBeGreaterThanOrEqual(2);
      expect(new Set(ids).size).toBe(ids.length);
      expect(await harness.stream.partitionIds()).toEqual(ids);
    });

    test('probes without publishing anything', async () => {
      await harness.stream.probe();
      const recorder = new Recorder();
      subscribe(harness.stream, 'probe', recorder, { maxWaitTimeMs: 100 });
      await harness.stream.publish(testEvents('after-probe', 0, 1));
      await waitFor('the one event', () => recorder.handled.length === 1);
      // The probe put nothing on the stream: the only event is the one published after it.
      expect(recorder.handled.map((event) => bodyOf(event).key)).toEqual(['after-probe']);
    });

    test('keeps the order of one key across batches, in one partition', async () => {
      await harness.stream.publish(testEvents('k', 0, 10));
      await harness.stream.publish([...testEvents('k', 10, 10), ...testEvents('other', 0, 5)]);
      await harness.stream.publish(testEvents('k', 20, 10));
      const recorder = new Recorder();
      subscribe(harness.stream, 'orders', recorder, { maxBatchSize: 7, maxWaitTimeMs: 100 });
      await waitFor('30 events of k', () => recorder.of('k').length >= 30);
      const ofK = recorder.of('k');
      expect(ofK.map((e) => bodyOf(e).n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(new Set(ofK.map((e) => e.partitionId)).size).toBe(1);
      expect(ofK.every((e) => e.partitionKey === 'k')).toBe(true);
      const sequence = ofK.map((e) => e.sequenceNumber);
      expect(sequence.every((s, i) => i === 0 || s > sequence[i - 1]!)).toBe(true);
      for (const batch of recorder.batches) {
        expect(batch.length).toBeLessThanOrEqual(7);
        expect(new Set(batch.map((e) => e.partitionId)).size).toBeLessThanOrEqual(1);
      }
    });

    test('sends every event of a key to one partition, body and properties intact', async () => {
      const names = keys(12);
      for (let round = 0; round < 3; round++) {
        await harness.stream.publish(names.flatMap((key) => testEvents(key, round, 1)));
      }
      const recorder = new Recorder();
      subscribe(harness.stream, 'routing', recorder, { maxWaitTimeMs: 100 });
      await waitFor('36 events', () => recorder.ids().size >= 36);
      const partitions = await harness.stream.partitionIds();
      for (const key of names) {
        const ofKey = recorder.of(key);
        expect(new Set(ofKey.map((e) => e.partitionId)).size).toBe(1);
        expect(partitions).toContain(ofKey[0]!.partitionId);
      }
      expect(new Set(recorder.handled.map((e) => e.partitionId)).size).toBeGreaterThan(1);
      const sample = recorder.of('device-3').find((e) => bodyOf(e).n === 2)!;
      expect(sample.body).toEqual(testEvents('device-3', 2, 1)[0]!.body);
      expect(sample.properties).toEqual({ trace: 'device-3-2' });
      expect(sample.partitionKey).toBe('device-3');
      expect(typeof sample.offset).toBe('string');
      expect(sample.offset.length).toBeGreaterThan(0);
      expect(sample.enqueuedTime).toBeInstanceOf(Date);
      expect(Math.abs(sample.enqueuedTime.getTime() - Date.now())).toBeLessThan(60_000);
    });

    test('starts at the earliest event by default when the group has no checkpoint', async () => {
      const events = keys(8).flatMap((key) => testEvents(key, 0, 2, 'early'));
      await harness.stream.publish(events);
      const recorder = new Recorder();
      subscribe(harness.stream, 'fresh', recorder, { maxWaitTimeMs: 100 });
      await waitFor('every early event', () => recorder.ids().size >= events.length);
      expect([...recorder.ids()].sort()).toEqual(idsOfOutgoing(events).sort());
    });

    test('starts after the latest event when asked and the group has no checkpoint', async () => {
      await harness.stream.publish(keys(8).flatMap((key) => testEvents(key, 0, 2, 'before')));
      const recorder = new Recorder();
      subscribe(harness.stream, 'tail', recorder, { startPosition: 'latest', maxWaitTimeMs: 100 });
      const partitions = await harness.stream.partitionIds();
      await waitFor('every partition owned', () => recorder.owned.size === partitions.length);
      const after = keys(8).flatMap((key) => testEvents(key, 0, 2, 'after'));
      await harness.stream.publish(after);
      await waitFor('every later event', () => recorder.tagged('after').length >= after.length);
      expect(recorder.tagged('before')).toEqual([]);
    });

    test('resumes after the checkpoint: nothing checkpointed again, nothing skipped', async () => {
      await harness.stream.publish(testEvents('k', 0, 10));
      const first = new Recorder(async (event, context) => {
        if (bodyOf(event).n === 5) await context.updateCheckpoint(event);
      });
      const subscription = subscribe(harness.stream, 'resume', first, { maxBatchSize: 3 });
      await waitFor('10 events', () => first.of('k').length >= 10);
      await subscription.close();
      await harness.stream.publish(testEvents('k', 10, 2));
      const second = new Recorder();
      subscribe(harness.stream, 'resume', second, { maxWaitTimeMs: 100 });
      await waitFor('event 11', () => second.of('k').some((e) => bodyOf(e).n === 11));
      expect(second.of('k').map((e) => bodyOf(e).n)).toEqual([6, 7, 8, 9, 10, 11]);
    });

    test('resumes every partition after its checkpoint when re-subscribed', async () => {
      const before = keys(8).flatMap((key) => testEvents(key, 0, 3, 'before'));
      await harness.stream.publish(before);
      const first = new Recorder();
      const subscription = subscribe(harness.stream, 'resume-all', first, { maxWaitTimeMs: 100 });
      await waitFor('every event', () => first.ids().size >= before.length);
      await subscription.close();
      const after = keys(8).flatMap((key) => testEvents(key, 3, 1, 'after'));
      await harness.stream.publish(after);
      const second = new Recorder();
      subscribe(harness.stream, 'resume-all', second, { maxWaitTimeMs: 100 });
      await waitFor('the later events', () => second.tagged('after').length >= after.length);
      expect(second.tagged('before')).toEqual([]);
      expect(second.handled.map(idOf).sort()).toEqual(idsOfOutgoing(after).sort());
    });

    test('delivers again what was handled but not checkpointed before a close', async () => {
      const events = keys(6).flatMap((key) => testEvents(key, 0, 2));
      await harness.stream.publish(events);
      const first = new Recorder(() => {});
      const subscription = subscribe(harness.stream, 'redo', first, { maxWaitTimeMs: 100 });
      await waitFor('every event', () => first.ids().size >= events.length);
      await subscription.close();
      const second = new Recorder();
      subscribe(harness.stream, 'redo', second, { maxWaitTimeMs: 100 });
      await waitFor('every event again', () => second.ids().size >= events.length);
    });

    test('gives the next owner what a crashed owner handled but did not checkpoint', async () => {
      const events = keys(8).flatMap((key) => testEvents(key, 0, 2));
      await harness.stream.publish(events);
      const doomed = await harness.openPeer();
      const crashed = new Recorder(() => {});
      subscribe(doomed, 'crash', crashed, { maxWaitTimeMs: 100 });
      await waitFor('every event', () => crashed.ids().size >= events.length);
      await harness.crash(doomed);
      const handledBeforeCrash = crashed.handled.length;
      const heir = new Recorder();
      subscribe(harness.stream, 'crash', heir, { maxWaitTimeMs: 100 });
      await waitFor(
        'every event again',
        () => heir.ids().size >= events.length,
        harness.settleMs * 3,
      );
      expect(crashed.handled.length).toBe(handledBeforeCrash);
    });

    test('splits a group between two subscribers, one owner per partition', async () => {
      const partitions = await harness.stream.partitionIds();
      const peer = await harness.openPeer();
      const a = new Recorder();
      const b = new Recorder();
      subscribe(harness.stream, 'shared', a, { maxWaitTimeMs: 100 });
      subscribe(peer, 'shared', b, { maxWaitTimeMs: 100 });
      const balanced = () =>
        [...a.owned].every((p) => !b.owned.has(p)) &&
        a.owned.size + b.owned.size === partitions.length &&
        Math.abs(a.owned.size - b.owned.size) <= 1;
      await waitFor('a balanced split', balanced, harness.settleMs * 4);
      const events = keys(12).flatMap((key) => testEvents(key, 0, 2));
      await harness.stream.publish(events);
      const all = () => new Set([...a.ids(), ...b.ids()]);
      await waitFor('every event', () => all().size >= events.length);
      expect(balanced()).toBe(true);
      expect(a.handled.every((e) => a.owned.has(e.partitionId))).toBe(true);
      expect(b.handled.every((e) => b.owned.has(e.partitionId))).toBe(true);
      expect(a.handled.length + b.handled.length).toBe(events.length);
    });

    test('redelivers from the last checkpoint after a handler throws, after a backoff', async () => {
      await harness.stream.publish(testEvents('k', 0, 6));
      const boom = new Error('handler failed');
      const failedAt: number[] = [];
      const recorder = new Recorder(async (event, context) => {
        const { n } = bodyOf(event);
        if (n === 2 && failedAt.length < 2) {
          failedAt.push(performance.now());
          throw boom;
        }
        if (n === 0) await context.updateCheckpoint(event);
      });
      subscribe(harness.stream, 'retry', recorder, { maxWaitTimeMs: 100 });
      await waitFor('event 5', () => recorder.of('k').some((e) => bodyOf(e).n === 5));
      expect(recorder.of('k').map((e) => bodyOf(e).n)).toEqual([0, 1, 1, 1, 2, 3, 4, 5]);
      const partitionId = recorder.of('k')[0]!.partitionId;
      expect(recorder.errors.filter((e) => e.error === boom)).toEqual([
        { error: boom, partitionId },
        { error: boom, partitionId },
      ]);
      for (const at of failedAt) {
        const next = recorder.calls.find((call) => call > at)!;
        expect(next - at).toBeGreaterThanOrEqual(harness.retryBackoffMs - 5);
      }
    });

    test('gives every consumer group every event', async () => {
      const events = keys(6).flatMap((key) => testEvents(key, 0, 3));
      await harness.stream.publish(events);
      const one = new Recorder();
      const two = new Recorder();
      subscribe(harness.stream, 'group-one', one, { maxWaitTimeMs: 100 });
      subscribe(harness.stream, 'group-two', two, { maxWaitTimeMs: 100 });
      await waitFor('both groups', () => one.ids().size + two.ids().size >= 2 * events.length);
      expect([...one.ids()].sort()).toEqual(idsOfOutgoing(events).sort());
      expect([...two.ids()].sort()).toEqual(idsOfOutgoing(events).sort());
    });

    test('close waits for the in-flight handler, closes partitions and stops delivery', async () => {
      await harness.stream.publish(testEvents('k', 0, 1));
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const recorder = new Recorder(() => released);
      const subscription = subscribe(harness.stream, 'closing', recorder, { maxWaitTimeMs: 100 });
      await waitFor('the handler to start', () => recorder.calls.length === 1);
      const owned = [...recorder.owned].sort();
      let closed = false;
      const closing = subscription.close().then(() => {
        closed = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closed).toBe(false);
      release();
      await closing;
      expect(recorder.of('k')).toHaveLength(1);
      expect(recorder.closes.map((c) => c.partitionId).sort()).toEqual(owned);
      expect(recorder.closes.every((c) => c.reason === 'shutdown')).toBe(true);
      await harness.stream.publish(testEvents('k', 1, 1));
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(recorder.calls).toHaveLength(1);
    });
  });
}
