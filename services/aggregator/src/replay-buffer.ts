/**
 * How many events the Event Hubs adapter keeps per partition to redeliver after a failed handler
 * (`maxReplayEvents`), sized from what the aggregator knows.
 *
 * The adapter keeps every event since the partition's last checkpoint. The aggregator
 * checkpoints at each flush, up to the oldest reading still in an open window: a window stays
 * open for its length plus the lateness tolerance, and the checkpoint then waits for the next
 * flush. So the checkpoint trails the newest event by at most about
 * `window + lateness + flush` seconds, and the buffer holds `rate × that` events. Doubled: the
 * flush itself takes time, and a consumer catching up after downtime reads the flush period's
 * share faster than the events were published. Too small costs no data — a handler failure with
 * an overflowed buffer is left to the SDK, which restarts the partition from its checkpoint once
 * ownership expires (60 s) — but it costs that stall; too large costs memory (each event is
 * held with its body, a batch of readings).
 */
export interface ReplayBufferInput {
  windowSeconds: number;
  lateToleranceSeconds: number;
  flushSeconds: number;
  /** Stream events per second one partition receives at peak (`FLEETSCORE_PARTITION_EVENTS_PER_SECOND`). */
  eventsPerSecond: number;
}

/** Headroom over the steady-state need (flush duration, catching up). */
export const REPLAY_HEADROOM = 2;
/** Never fewer: a few hundred KB per partition, and room for one large batch. */
export const MIN_REPLAY_EVENTS = 1_000;

/** `maxReplayEvents` for the Event Hubs adapter: ⌈rate × (window + lateness + flush) × 2⌉, at least 1,000. */
export function maxReplayEvents(input: ReplayBufferInput): number {
  const trailSeconds = input.windowSeconds + input.lateToleranceSeconds + input.flushSeconds;
  const events = Math.ceil(input.eventsPerSecond * trailSeconds * REPLAY_HEADROOM);
  return Math.max(MIN_REPLAY_EVENTS, events);
}
