/** Service Bus errors as the port's typed errors (STYLE §7). */
import { NotFoundError, UnavailableError } from '../../errors.js';

/** ServiceBusError codes after which a later try may succeed. */
const TRANSIENT = new Set([
  'ServiceBusy',
  'ServiceTimeout',
  'ServiceCommunicationProblem',
  'QuotaExceeded',
  'GeneralError',
]);

/**
 * MessagingEntityNotFound becomes NotFoundError; transient codes (or `retryable`) become
 * UnavailableError; anything else (bad arguments, UnauthorizedAccess, aborts) passes through.
 */
export function translateServiceBusError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name === 'AbortError') return error;
  const { code, retryable } = error as { code?: unknown; retryable?: unknown };
  if (code === 'MessagingEntityNotFound') {
    return new NotFoundError(`Service Bus entity not found: ${error.message}`, { cause: error });
  }
  if ((typeof code === 'string' && TRANSIENT.has(code)) || retryable === true) {
    return new UnavailableError(`Service Bus unavailable: ${error.message}`, { cause: error });
  }
  return error;
}
