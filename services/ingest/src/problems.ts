import { answerFastifyError, COMMON_PROBLEMS, problemSender } from '@fleetscore/shared/http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ItemProblem } from './readings.js';

/**
 * The ingest API's problem types (RFC 9457 `application/problem+json`). The `type` URIs are
 * stable names, documented in docs/ingest.md; clients branch on them, not on `title`.
 */
export const PROBLEMS = {
  ...COMMON_PROBLEMS,
  invalidReadings: { status: 400, title: 'Invalid readings' },
  malformedBody: { status: 400, title: 'Malformed request' },
  tooLarge: { status: 413, title: 'Batch too large' },
  unavailable: { status: 503, title: 'Event stream unavailable' },
} as const;
export type ProblemKind = keyof typeof PROBLEMS;

export interface ProblemExtras {
  detail?: string;
  /** invalid-readings: each bad item's index and reason. */
  errors?: ItemProblem[];
}

export const sendProblem = problemSender<ProblemKind, ProblemExtras>(PROBLEMS);

/**
 * Fastify's own errors, as problems: body over `bodyLimit` (413), no parser for the content
 * type (415), unparseable JSON or a body that is not an array (400). What is left is a bug or
 * an outage: 500, logged.
 */
export function problemErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error.validation) {
    return sendProblem(reply, 'malformedBody', {
      detail: `${error.validationContext ?? 'request'}: ${error.message}`,
    });
  }
  return answerFastifyError(error, request, reply, sendProblem, { badRequest: 'malformedBody' });
}
