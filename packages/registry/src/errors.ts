/**
 * An uploaded file (or a registered model) that is not a valid one-class SVM: not a v1
 * document, a pickle naming a forbidden global, another estimator, corrupt bytes. Nothing was
 * stored. Not retryable (the same bytes fail the same way); the API answers 400 with
 * `message`, which carries the importer's reason.
 */
export class InvalidModelError extends Error {
  readonly code = 'INVALID_MODEL' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidModelError';
  }
}

export function isInvalidModelError(error: unknown): error is InvalidModelError {
  return error instanceof InvalidModelError;
}
