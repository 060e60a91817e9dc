import { failureReason, isFleetscoreError } from '@fleetscore/shared';
import { cutReason } from './job-summary.js';

/** EntityOutcome.reason's limit. */
const MAX_OUTCOME_REASON = 500;

/**
 * Whether a failure while handling one entity is that entity's own (a missing version, a
 * corrupt document, rows the model cannot take, training input libsvm refuses): it fails that
 * entity and the job goes on. Transient failures (storage unavailable) are the job's: it is
 * retried as a whole, and the retry rewrites the same blobs.
 */
export function isEntityLevel(error: unknown): boolean {
  return !isTransient(error) && !(error instanceof Error && error.name === 'AbortError');
}

/** The reason recorded for a failed entity: the message, after the error's code when it has one. */
export function entityProblem(error: unknown): string {
  const message = failureReason(error);
  const code = (error as { code?: unknown } | null)?.code;
  return cutReason(typeof code === 'string' ? `${code}: ${message}` : message, MAX_OUTCOME_REASON);
}

/**
 * Transient failures: worth another try later. The adapters translate storage and queue
 * failures into UnavailableError; raw 5xx responses, timeouts and dropped connections are
 * recognised too, in case one slips through untranslated.
 */
export function isTransient(error: unknown): boolean {
  if (isFleetscoreError(error, 'UNAVAILABLE')) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { statusCode, status, code, name } = error as Record<string, unknown>;
  const http = typeof statusCode === 'number' ? statusCode : status;
  if (typeof http === 'number' && (http >= 500 || http === 408 || http === 429)) return true;
  if (name === 'TimeoutError') return true;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

const TRANSIENT_CODES = new Set(['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN']);
