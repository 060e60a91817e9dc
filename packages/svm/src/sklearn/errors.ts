/**
 * A pickle named a global outside the allow-list (`os.system`, `builtins.eval`, a class from an
 * unknown module…). Raised at the GLOBAL / STACK_GLOBAL / INST opcode that names it, before any
 * call could happen, and never retryable: the file is refused, not mis-read. Treat it as a
 * possible attack. `global` is `module.name`, as Python would import it.
 */
export class PickleSecurityError extends Error {
  readonly code = 'PICKLE_FORBIDDEN_GLOBAL' as const;
  readonly global: string;

  constructor(global: string, detail?: string) {
    super(
      `refusing to load pickle: it names ${global}, which is not on the allow-list of ` +
        `scikit-learn one-class SVM classes and numpy array builders${detail ? ` (${detail})` : ''}`,
    );
    this.name = 'PickleSecurityError';
    this.global = global;
  }
}

/**
 * A file this importer cannot turn into a one-class SVM: another estimator (an SVC, a Pipeline
 * with other steps), a precomputed kernel, an unsupported compression, or bytes that are
 * truncated or corrupt. Not retryable: the same bytes fail the same way.
 */
export class UnsupportedModelError extends Error {
  readonly code = 'UNSUPPORTED_MODEL' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnsupportedModelError';
  }
}

export function isPickleSecurityError(error: unknown): error is PickleSecurityError {
  return error instanceof PickleSecurityError;
}

export function isUnsupportedModelError(error: unknown): error is UnsupportedModelError {
  return error instanceof UnsupportedModelError;
}

/** A malformed-stream error that says where: `offset` is a byte offset in the pickle. */
export function corrupt(offset: number, problem: string): UnsupportedModelError {
  return new UnsupportedModelError(`corrupt or truncated pickle at byte ${offset}: ${problem}`);
}
