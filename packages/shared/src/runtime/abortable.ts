/**
 * Settles as `promise` does, or rejects with the signal's reason as soon as `signal` aborts:
 * for waits on something that may never settle once the caller has given up on it. `promise`
 * keeps a handler, so its later rejection is not reported as unhandled.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
