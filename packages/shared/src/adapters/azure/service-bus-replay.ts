/**
 * Replay of a dead letter on Service Bus. The service cannot receive a message by id, so the
 * dead-letter sub-queue is first peeked (no locks: an absent id answers false at once), then
 * received in peek-lock batches until the message is found; the others are abandoned (their
 * delivery count in the sub-queue grows, which nothing reads). The job is sent to the queue
 * as a new message before the dead letter is completed: a failure in between leaves a
 * duplicate, never a loss. O(dead letters) per replay.
 */
import { deadLetterOf, replayMessage } from './service-bus-messages.js';
import { peekAll } from './service-bus-peek.js';
import type { ReceivedMessage, ReceiverLike, SenderLike } from './service-bus-types.js';

/** Messages locked per receive, and how long an empty sub-queue is waited on, ms. */
const RECEIVE_BATCH = 100;
const RECEIVE_WAIT_MS = 1_000;

const isDeadLetterOf = (id: string) => (message: ReceivedMessage) =>
  deadLetterOf(message).id === id;

/** True once the job `id` is back on the queue; false when no dead letter has that id. */
export async function replayFromDeadLetters(
  deadLetters: ReceiverLike,
  sender: SenderLike,
  id: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const matches = isDeadLetterOf(id);
  if (!(await peekFor(deadLetters, matches, signal))) return false;
  const others: ReceivedMessage[] = [];
  try {
    for (;;) {
      const batch = await deadLetters.receiveMessages(RECEIVE_BATCH, {
        maxWaitTimeInMs: RECEIVE_WAIT_MS,
        ...(signal && { abortSignal: signal }),
      });
      // Gone since the peek: another replay took it.
      if (batch.length === 0) return false;
      const found = batch.find(matches);
      others.push(...batch.filter((message) => message !== found));
      if (found === undefined) continue;
      await sender.sendMessages(replayMessage(found), { ...(signal && { abortSignal: signal }) });
      await deadLetters.completeMessage(found);
      return true;
    }
  } finally {
    // Unlocked now rather than at lock expiry, so listings and other replays see them at once.
    await Promise.allSettled(others.map((message) => deadLetters.abandonMessage(message)));
  }
}

async function peekFor(
  receiver: ReceiverLike,
  matches: (message: ReceivedMessage) => boolean,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  for await (const page of peekAll(receiver, signal)) if (page.some(matches)) return true;
  return false;
}
