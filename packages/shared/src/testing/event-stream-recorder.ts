import type {
  EventHandlers,
  OutgoingEvent,
  PartitionContext,
  ReceivedEvent,
} from '../ports/event-stream.js';

/** The body the conformance suite publishes: which key, the n-th event of that key, a tag. */
export interface TestBody {
  key: string;
  n: number;
  tag: string;
  nested: { list: number[]; text: string };
}

export function testEvents(key: string, from: number, count: number, tag = 'run'): OutgoingEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const body: TestBody = { key, n, tag, nested: { list: [n, n * 2], text: `é ${key}` } };
    return { partitionKey: key, body, properties: { trace: `${key}-${n}` } };
  });
}

export const bodyOf = (event: ReceivedEvent) => event.body as TestBody;

/** Polls `predicate` every 10 ms until it holds, or fails after `timeoutMs` saying `what`. */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

type Handle = (event: ReceivedEvent, context: PartitionContext) => Promise<void> | void;

/**
 * A subscriber's view for assertions: every handled event in order, ownership changes and
 * errors. By default it checkpoints the last event of every batch; `onEvent` may replace
 * that policy (throw to fail the batch, checkpoint selectively).
 */
export class Recorder {
  readonly handled: ReceivedEvent[] = [];
  readonly batches: ReceivedEvent[][] = [];
  /** When each processEvents call started, ms (performance.now()). */
  readonly calls: number[] = [];
  readonly errors: { error: unknown; partitionId: string | undefined }[] = [];
  readonly owned = new Set<string>();
  readonly closes: { reason: string; partitionId: string }[] = [];
  private readonly onEvent: Handle | undefined;

  constructor(onEvent?: Handle) {
    this.onEvent = onEvent;
  }

  readonly handlers: EventHandlers = {
    processEvents: async (events, context) => {
      this.calls.push(performance.now());
      this.batches.push(events);
      for (const event of events) {
        if (this.onEvent) await this.onEvent(event, context);
        this.handled.push(event);
      }
      if (!this.onEvent && events.length > 0) await context.updateCheckpoint(events.at(-1)!);
    },
    processError: async (error, context) => {
      this.errors.push({ error, partitionId: context?.partitionId });
    },
    processInitialize: async (context) => {
      this.owned.add(context.partitionId);
    },
    processClose: async (reason, context) => {
      this.owned.delete(context.partitionId);
      this.closes.push({ reason, partitionId: context.partitionId });
    },
  };

  /** Handled events of `key` (with `tag`, if given), in the order handled. */
  of(key: string, tag?: string): ReceivedEvent[] {
    return this.handled.filter((e) => bodyOf(e).key === key && (!tag || bodyOf(e).tag === tag));
  }

  tagged(tag: string): ReceivedEvent[] {
    return this.handled.filter((e) => bodyOf(e).tag === tag);
  }

  /** Distinct `key/n/tag` identities handled. */
  ids(): Set<string> {
    return new Set(this.handled.map(idOf));
  }
}

export const idOf = (event: ReceivedEvent) => {
  const { key, n, tag } = bodyOf(event);
  return `${key}/${n}/${tag}`;
};

export const idsOfOutgoing = (events: readonly OutgoingEvent[]) =>
  events.map((e) => {
    const { key, n, tag } = e.body as TestBody;
    return `${key}/${n}/${tag}`;
  });

/** `count` keys named so that they spread over partitions. */
export const keys = (count: number, prefix = 'device') =>
  Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
