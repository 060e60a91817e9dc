import { isFleetscoreError, UnavailableError } from '../../../errors.js';

/** MessagingError codes that mean the service or the network is failing for now. */
const UNAVAILABLE_CODES = new Set([
  'ServiceCommunicationError',
  'ServiceUnavailableError',
  'ServerBusyError',
  'OperationTimeoutError',
  'InternalServerError',
  'ConnectionForcedError',
  'ConnectionLostError',
]);

/** Node system errors of an unreachable host. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EPIPE',
]);

/**
 * Translates SDK failures at the boundary: a retryable `MessagingError` (the SDK has already
 * spent its own retries), a communication failure, a storage `RestError` of 408/429/5xx or
 * no response (the checkpoint store) become `UnavailableError`. Anything else — a bad
 * argument, an authorization failure, an abort — passes through unchanged.
 */
export function translateEventHubsError(error: unknown, doing: string): unknown {
  if (!(error instanceof Error) || error.name === 'AbortError' || isFleetscoreError(error)) {
    return error;
  }
  const { retryable, code, statusCode } = error as {
    retryable?: boolean;
    code?: string;
    statusCode?: number;
  };
  const unavailable =
    (error.name === 'MessagingError' &&
      (retryable === true || UNAVAILABLE_CODES.has(code ?? ''))) ||
    (error.name === 'RestError' &&
      (statusCode === undefined ||
        statusCode === 408 ||
        statusCode === 429 ||
        statusCode >= 500)) ||
    NETWORK_CODES.has(code ?? '');
  if (!unavailable) return error;
  return new UnavailableError(`Event Hubs: ${doing} failed: ${error.message}`, { cause: error });
}
