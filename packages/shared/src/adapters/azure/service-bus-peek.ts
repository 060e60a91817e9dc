/**
 * Peeking by sequence number. The SDK's `peekMessages` without `fromSequenceNumber` continues
 * after the last message peeked on the entity through the same ServiceBusClient — a cursor its
 * management link keeps per entity, shared by every receiver and kept after they close — so a
 * second listing from the same client would start where the first ended. Every peek here names
 * where it starts. A peek may also return fewer messages than asked while more remain; only an
 * empty answer means the end.
 */
import Long from 'long';
import type { ReceivedMessage, ReceiverLike } from './service-bus-types.js';

/** Messages asked for per peek request. */
const PEEK_PAGE = 250;

/** The message's sequence number; every message the service returns carries one. */
export function sequenceOf(message: ReceivedMessage): Long {
  const { sequenceNumber } = message;
  if (sequenceNumber === undefined) throw new Error('a peeked message has no sequence number');
  return Long.fromValue(sequenceNumber);
}

/** Up to `count` messages from sequence number `from` (inclusive) on, in sequence order. */
export async function peekFrom(
  receiver: ReceiverLike,
  from: Long,
  count: number,
  signal?: AbortSignal,
): Promise<ReceivedMessage[]> {
  const messages: ReceivedMessage[] = [];
  let next = from;
  while (messages.length < count) {
    const page = await receiver.peekMessages(Math.min(count - messages.length, PEEK_PAGE), {
      fromSequenceNumber: next,
      ...(signal && { abortSignal: signal }),
    });
    if (page.length === 0) break;
    messages.push(...page);
    next = sequenceOf(page.at(-1)!).add(1);
  }
  return messages;
}

/** Every message of the entity, a page at a time, from the start (O(messages)). */
export async function* peekAll(
  receiver: ReceiverLike,
  signal?: AbortSignal,
): AsyncGenerator<ReceivedMessage[]> {
  let next = Long.ZERO;
  for (;;) {
    const page = await peekFrom(receiver, next, PEEK_PAGE, signal);
    if (page.length === 0) return;
    yield page;
    next = sequenceOf(page.at(-1)!).add(1);
  }
}
