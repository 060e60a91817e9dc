/**
 * Training input that libsvm (or scikit-learn's parameter checks) would refuse: NaN or ±Infinity
 * in a row, an empty set, a ragged row buffer, or a parameter out of its range. Not retryable:
 * the same input fails the same way. `field` names the offending input (`rows`, `nu`, `gamma`…).
 */
export class TrainingError extends Error {
  readonly code = 'TRAINING_INPUT' as const;
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'TrainingError';
    this.field = field;
  }
}

export function isTrainingError(error: unknown): error is TrainingError {
  return error instanceof TrainingError;
}
