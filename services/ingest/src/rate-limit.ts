import rateLimit from '@fastify/rate-limit';
import { problemType, replyProblem } from '@fleetscore/shared/http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface RateLimitOptions {
  /** Requests one caller may make per window; 0 turns the limit off. Default 600. */
  max?: number;
  /** The window, seconds. Default 60. */
  windowSeconds?: number;
}

type ErrorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => unknown;

/** What the plugin throws once a caller is over the limit; answered as a 429 problem. */
class RateLimitedError extends Error {
  readonly statusCode = 429;
  constructor(
    readonly max: number,
    readonly windowSeconds: number,
  ) {
    super(`rate limit of ${max} requests per ${windowSeconds} s exceeded`);
  }
}

/**
 * Who a request counts against: the authenticated credential (`requireAuth` ran in
 * `onRequest`, before this `preParsing` hook), or the client address when the API runs open.
 * API keys count by their hash prefix, so the key itself is never a cache key.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const principal = request.principal;
  if (!principal || principal.kind === 'anonymous') return `ip:${request.ip}`;
  return `${principal.kind}:${principal.id}`;
}

/**
 * Rate-limits every route registered in `scope` afterwards (`@fastify/rate-limit`, in memory:
 * each replica counts on its own, so N replicas let a caller make N × `max` requests). Runs in
 * `preParsing`, after authentication and before the body is read, so a caller over its limit
 * costs no parsing; requests refused with 401 are not counted. Over the limit: 429
 * `application/problem+json` with `Retry-After` (seconds until the window resets), errors of
 * other kinds go to `fallback`. Call inside an `app.register` scope (the plugin loads there).
 */
export async function registerRateLimit(
  scope: FastifyInstance,
  options: RateLimitOptions,
  fallback: ErrorHandler,
): Promise<void> {
  const max = options.max ?? 600;
  const windowSeconds = options.windowSeconds ?? 60;
  if (max === 0) return;
  await scope.register(rateLimit, {
    global: true,
    hook: 'preParsing',
    max,
    timeWindow: windowSeconds * 1000,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: () => new RateLimitedError(max, windowSeconds),
  });
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    if (!(error instanceof RateLimitedError)) return fallback(error, request, reply);
    return replyProblem(reply, {
      type: problemType('tooManyRequests'),
      title: 'Too many requests',
      status: 429,
      detail: `at most ${max} requests per ${windowSeconds} s per credential; retry after the number of seconds in Retry-After`,
    });
  });
}
