/**
 * Keeps a peek-lock message locked while its handler runs. The adapter renews rather than the
 * SDK (whose auto-renewal reports failures only to a subscribe() error handler), so it can tell
 * the handler, through its signal, the moment the lock is gone.
 */
import type { ReceivedMessage, ReceiverLike } from './service-bus-types.js';

/** Shortest pause between renewals, ms (a lock about to expire is retried this often). */
const MIN_RENEW_MS = 10;

/**
 * Renews at half the remaining lock time. The lock's length is the queue's LockDuration; the
 * consumer's lockMs is only assumed when the message carries no lockedUntilUtc. `onLost` runs
 * once, when a renewal reports MessageLockLost or the lock expires while renewals fail.
 */
export function keepLock(
  receiver: ReceiverLike,
  message: ReceivedMessage,
  lockMs: number,
  onError: (error: unknown) => void,
  onLost: () => void,
): { stop(): void } {
  let lockedUntil = message.lockedUntilUtc?.getTime() ?? Date.now() + lockMs;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const schedule = () => {
    const wait = Math.max((lockedUntil - Date.now()) / 2, MIN_RENEW_MS);
    timer = setTimeout(renew, wait);
  };
  const renew = async () => {
    try {
      const until = await receiver.renewMessageLock(message);
      lockedUntil = until.getTime();
    } catch (error) {
      if (stopped) return;
      if (isLockLost(error) || Date.now() >= lockedUntil) {
        stopped = true;
        onLost();
        return;
      }
      onError(error);
    }
    if (!stopped) schedule();
  };

  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export function isLockLost(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'MessageLockLost';
}
