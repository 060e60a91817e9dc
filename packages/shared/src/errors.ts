/**
 * The few typed errors that cross a port. Adapters translate vendor errors into these at the
 * boundary, so callers never inspect SDK-specific status codes (STYLE §7).
 */
export type ErrorCode =
  | 'ALREADY_EXISTS'
  | 'PRECONDITION_FAILED'
  | 'NOT_FOUND'
  | 'UNAVAILABLE'
  | 'NON_RETRYABLE'
  | 'CONFIG_INVALID';

export class FleetscoreError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A conditional create found the target already there (HTTP 409, `ifNoneMatch: '*'`). */
export class AlreadyExistsError extends FleetscoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ALREADY_EXISTS', message, options);
  }
}

/** A conditional write lost the race: the ETag did not match (HTTP 412). */
export class PreconditionFailedError extends FleetscoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('PRECONDITION_FAILED', message, options);
  }
}

export class NotFoundError extends FleetscoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('NOT_FOUND', message, options);
  }
}

/** The backend could not be reached or refused service for now; retrying later may succeed. */
export class UnavailableError extends FleetscoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('UNAVAILABLE', message, options);
  }
}

/**
 * Thrown by a job handler when retrying cannot help (bad input, missing model): the queue
 * dead-letters the job at once with this message as the reason.
 */
export class NonRetryableError extends FleetscoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('NON_RETRYABLE', message, options);
  }
}

export function isFleetscoreError(error: unknown, code?: ErrorCode): error is FleetscoreError {
  return error instanceof FleetscoreError && (code === undefined || error.code === code);
}

/**
 * What went wrong, as one line of text: a thrown Error's message (its name when it has none), or
 * the thrown value's string form. Dead-letter reasons, failed entities, probes and CLI errors
 * all say it this way.
 */
export function failureReason(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
