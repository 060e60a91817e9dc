/**
 * A model document that is not a valid `fleetscore.ocsvm/v1` document. Not retryable: the
 * same bytes fail the same way. `path` names the offending field the way one would index the
 * JSON (`supportVectors[3][1]`, `scaler.mean`, `training.params.nu`); `''` is the document.
 */
export class ModelFormatError extends Error {
  readonly code = 'MODEL_FORMAT' as const;
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(`${path === '' ? 'document' : path}: ${problem}`, options);
    this.name = 'ModelFormatError';
    this.path = path;
  }
}

export function isModelFormatError(error: unknown): error is ModelFormatError {
  return error instanceof ModelFormatError;
}
