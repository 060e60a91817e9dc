import type { TokenCredential } from '@azure/identity';
import {
  failureReason,
  isFleetscoreError,
  NonRetryableError,
  UnavailableError,
} from '../../errors.js';

/**
 * Helpers shared by the Blob and Table adapters: where the account is, how hard the SDK
 * retries, the per-operation deadline, and the translation of what is left of a vendor error
 * once an operation has handled the statuses it gives a meaning to (404, 409, 412).
 */

/**
 * The storage account: a connection string (Azurite: `UseDevelopmentStorage=true`) or an
 * account URL (`https://<account>.blob.core.windows.net` for Blob, `….table.…` for Table) with
 * a token credential (managed identity; the composition root picks it).
 */
export type StorageAccount =
  | { connectionString: string }
  | { accountUrl: string; credential: TokenCredential };

/** How the SDK's own retry policy behaves; applied when the adapter builds the client. */
export interface StorageRetryOptions {
  /**
   * Tries per HTTP request, the first included, for failures the SDK deems transient
   * (network errors and 500/503; the Table SDK also 408, 429 and most other 5xx). Default 4.
   */
  maxTries?: number;
  /** Base delay before a retry, in ms; it grows exponentially. Default 500. */
  retryDelayMs?: number;
  /** Cap on one delay between tries, in ms. Default 8,000. */
  maxRetryDelayMs?: number;
}

export const storageRetryDefaults = {
  maxTries: 4,
  retryDelayMs: 500,
  maxRetryDelayMs: 8_000,
} as const satisfies Required<StorageRetryOptions>;

/** Default bound on one whole operation (every try and the body), in ms: 60 s. */
export const DEFAULT_OPERATION_TIMEOUT_MS = 60_000;

export function resolveRetry(options: StorageRetryOptions): Required<StorageRetryOptions> {
  return {
    maxTries: options.maxTries ?? storageRetryDefaults.maxTries,
    retryDelayMs: options.retryDelayMs ?? storageRetryDefaults.retryDelayMs,
    maxRetryDelayMs: options.maxRetryDelayMs ?? storageRetryDefaults.maxRetryDelayMs,
  };
}

/**
 * Runs one operation under the caller's signal and a deadline. The SDK's `tryTimeout` is only
 * a server-side hint, so a connection that hangs would otherwise wait forever: past the
 * deadline the operation is aborted and reported as `UnavailableError`. A caller's abort is
 * rethrown as the caller's own reason (an `AbortError`), never translated.
 */
export async function withDeadline<R>(
  what: string,
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<R>,
): Promise<R> {
  const { signal, settle } = startDeadline(what, timeoutMs, callerSignal);
  try {
    return await run(signal);
  } catch (error) {
    throw settle(error);
  }
}

/**
 * `withDeadline` for an operation that outlives one promise (a body read as a stream): the
 * signal to pass down, and what an error becomes — the caller's reason when the caller
 * aborted, `UnavailableError` past the deadline, else the error itself.
 */
export function startDeadline(
  what: string,
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
): { signal: AbortSignal; settle: (error: unknown) => unknown } {
  callerSignal?.throwIfAborted();
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
  const settle = (error: unknown) => {
    if (callerSignal?.aborted) return callerSignal.reason;
    if (deadline.aborted) {
      return new UnavailableError(`${what}: no answer within ${timeoutMs} ms`, { cause: error });
    }
    return error;
  };
  return { signal, settle };
}

/** The HTTP status of a vendor error (both SDKs throw `RestError` with `statusCode`). */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The service's error code (`BlobAlreadyExists`, `TableNotFound`, …) or a socket error code
 * (`ECONNREFUSED`). Table errors from Azurite leave `code` empty and carry the service's code
 * only in `details.errorCode` (the `x-ms-error-code` header), so that is read too.
 */
export function codeOf(error: unknown): string | undefined {
  const { code, details } = (error ?? {}) as { code?: unknown; details?: { errorCode?: unknown } };
  if (typeof code === 'string') return code;
  return typeof details?.errorCode === 'string' ? details.errorCode : undefined;
}

/**
 * Translates an error the operation did not handle itself. A request that got no response
 * (refused, reset, DNS, timeout — after the SDK's retries) or a 408/429/5xx is transient:
 * `UnavailableError`. A request the service rejected as malformed (400, 413, 414) can never
 * succeed as sent: `NonRetryableError`. Anything else (401/403, unexpected statuses) is
 * returned unchanged, so a caller's retry policy treats it as an ordinary failure.
 */
export function toPortError(error: unknown, what: string): unknown {
  if (isFleetscoreError(error)) return error;
  const status = statusOf(error);
  const code = codeOf(error);
  const detail = [status, code].filter((part) => part !== undefined).join(' ');
  const message = `${what}: ${detail || failureReason(error)}`;
  const isRestError = (error as { name?: unknown } | null)?.name === 'RestError';
  if (status === undefined && (isRestError || (code !== undefined && NETWORK_CODES.has(code)))) {
    return new UnavailableError(message, { cause: error });
  }
  if (status === 408 || status === 429 || (status !== undefined && status >= 500)) {
    return new UnavailableError(message, { cause: error });
  }
  if (status === 400 || status === 413 || status === 414) {
    return new NonRetryableError(message, { cause: error });
  }
  return error;
}

/** Node socket errors that mean "no answer", in case one escapes the SDK unwrapped. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'REQUEST_SEND_ERROR',
]);
