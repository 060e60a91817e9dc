import { UnavailableError } from '../../../errors.js';

/** Redis replies that mean "not now" rather than "wrong": worth retrying later. */
const TRANSIENT_REPLIES = /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|CLUSTERDOWN|READONLY|OOM)\b/;

/**
 * Translates an ioredis failure at the boundary: connection problems (refused, closed,
 * retries exhausted) and transient server replies become `UnavailableError`; other replies
 * (a bug such as WRONGTYPE) pass through unchanged.
 */
export function translateRedisError(error: unknown, doing: string): unknown {
  if (!(error instanceof Error) || error.name === 'AbortError') return error;
  const isReply = error.name === 'ReplyError';
  if (isReply && !TRANSIENT_REPLIES.test(error.message)) return error;
  return new UnavailableError(`Redis: ${doing} failed: ${error.message}`, { cause: error });
}

/** Calls an optional user callback, swallowing what it throws (it must not stop delivery). */
export async function safely(call: () => Promise<void> | undefined): Promise<void> {
  try {
    await call();
  } catch {
    // A failing processError/processClose has nowhere better to report to.
  }
}
