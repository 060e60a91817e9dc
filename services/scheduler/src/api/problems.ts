import { isInvalidModelError } from '@fleetscore/registry';
import { isFleetscoreError } from '@fleetscore/shared';
import { answerFastifyError, COMMON_PROBLEMS, problemSender } from '@fleetscore/shared/http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The scheduler API's problem types (RFC 9457). The `type` URNs are stable and documented in
 * docs/api.md; clients branch on them, not on `title`.
 */
export const PROBLEMS = {
  ...COMMON_PROBLEMS,
  invalidRequest: { status: 400, title: 'Invalid request' },
  invalidModel: { status: 400, title: 'Invalid model file' },
  notFound: { status: 404, title: 'Not found' },
  reportNotReady: { status: 404, title: 'Report not ready' },
  conflict: { status: 409, title: 'Conflict' },
  tooLarge: { status: 413, title: 'Request body too large' },
  unavailable: { status: 503, title: 'Backend unavailable' },
} as const;
export type ProblemKind = keyof typeof PROBLEMS;

export interface ProblemExtras {
  detail?: string;
  /** invalid-request: what failed validation, and where. */
  errors?: Array<{ in: string; path: string; message: string }>;
}

export const sendProblem = problemSender<ProblemKind, ProblemExtras>(PROBLEMS);

/** `Retry-After` of a 503, seconds. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Every error of the API as a problem. Typed domain errors map to their status
 * (`NotFoundError` → 404, `AlreadyExistsError` / `PreconditionFailedError` → 409,
 * `NonRetryableError` and the registry's `InvalidModelError` → 400, `UnavailableError` → 503); fastify's own (validation, body limit, media type) keep theirs. Anything else is a
 * bug: 500, logged, with no internals in the body.
 */
export function problemErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error.validation) {
    const where = error.validationContext ?? 'request';
    const errors = error.validation.map((issue) => ({
      in: where,
      path: issue.instancePath || '/',
      message: issue.message ?? 'invalid',
    }));
    const detail = errors.map((e) => `${e.in}${e.path === '/' ? '' : e.path}: ${e.message}`);
    return sendProblem(reply, 'invalidRequest', { detail: detail.join('; '), errors });
  }
  if (isInvalidModelError(error))
    return sendProblem(reply, 'invalidModel', { detail: error.message });
  if (isFleetscoreError(error)) {
    switch (error.code) {
      case 'NOT_FOUND':
        return sendProblem(reply, 'notFound', { detail: error.message });
      case 'ALREADY_EXISTS':
      case 'PRECONDITION_FAILED':
        return sendProblem(reply, 'conflict', { detail: error.message });
      case 'NON_RETRYABLE':
        return sendProblem(reply, 'invalidRequest', { detail: error.message });
      case 'UNAVAILABLE':
        request.log.warn({ err: error }, 'backend unavailable');
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        return sendProblem(reply, 'unavailable', { detail: error.message });
    }
  }
  return answerFastifyError(error, request, reply, sendProblem, {
    badRequest: 'invalidRequest',
    internalDetail: `see the server log (request ${request.id})`,
  });
}

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route runs — a path segment
 * that is not valid percent-encoding (`FST_ERR_BAD_URL`, e.g. `%ED%A0%80`, a lone surrogate)
 * or longer than the router's 100 characters (`FST_ERR_MAX_PARAM_LENGTH`). Both are invalid
 * ids, answered as the same 400 problem as a shorter invalid id; without this handler fastify
 * answers in its own JSON shape (and a 414). The path is not echoed: it is the hostile part.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
) {
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a path parameter is longer than 100 characters'
      : 'a path parameter is not valid percent-encoded UTF-8';
  return sendProblem(reply, 'invalidRequest', { detail });
}

/** Unknown routes answer a problem too. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, 'notFound', { detail: `no route ${request.method} ${request.url}` });
}
