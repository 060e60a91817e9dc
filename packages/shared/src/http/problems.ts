import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * RFC 9457 problem details (`application/problem+json`), shared by Fleetscore's HTTP APIs.
 * `type` is a stable URN (`urn:fleetscore:problem:<slug>`) that clients branch on; `title` is
 * fixed per type, `detail` is this occurrence's explanation. Extensions ride alongside.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

/** The `type` URN of a problem slug or camelCase kind (`tooLarge` → `…:too-large`). */
export function problemType(kind: string): string {
  return `urn:fleetscore:problem:${kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export function replyProblem(reply: FastifyReply, problem: Problem) {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/** A service's problem kinds: the status and fixed title of each. */
export type ProblemCatalog<K extends string> = Record<K, { status: number; title: string }>;

/**
 * The `sendProblem(reply, kind, extras)` of one service's catalog: `type` from the kind,
 * status and title from the catalog, extensions (`detail`, `errors`, …) from the caller.
 */
export function problemSender<K extends string, Extras extends { detail?: string }>(
  catalog: ProblemCatalog<K>,
) {
  return (reply: FastifyReply, kind: K, extras?: Extras) => {
    const { status, title } = catalog[kind];
    return replyProblem(reply, { type: problemType(kind), title, status, ...extras });
  };
}

/**
 * The problems every API answers alike: the auth hook's 401 and 403 (`requireAuth`), and the
 * 415 and 500 of `answerFastifyError`. A service's catalog spreads them in beside its own.
 */
export const COMMON_PROBLEMS = {
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Role required' },
  unsupportedMediaType: { status: 415, title: 'Unsupported media type' },
  internal: { status: 500, title: 'Internal error' },
} as const satisfies ProblemCatalog<string>;

/** The kinds `answerFastifyError` sends besides the API's own bad-request kind. */
export type FastifyProblemKind = 'tooLarge' | 'unsupportedMediaType' | 'internal';

/**
 * The last rules of an API's error handler, once its own have not matched: fastify's own
 * refusals as problems — a body over `bodyLimit` (413 `tooLarge`), a content type with no
 * parser (415), an unparseable body (400, as the API's `badRequest` kind) — and what is left, a
 * bug or an outage, as a 500 `internal`, logged, whose body holds no internals (`internalDetail`
 * at most). `send` is the API's `sendProblem`.
 */
export function answerFastifyError<K extends string>(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  send: (
    reply: FastifyReply,
    kind: K | FastifyProblemKind,
    extras?: { detail?: string },
  ) => unknown,
  options: { badRequest: K; internalDetail?: string },
) {
  switch (error.statusCode) {
    case 413:
      return send(reply, 'tooLarge', { detail: error.message });
    case 415:
      return send(reply, 'unsupportedMediaType', { detail: error.message });
    case 400:
      return send(reply, options.badRequest, { detail: error.message });
  }
  request.log.error({ err: error }, 'request failed');
  const { internalDetail } = options;
  return send(reply, 'internal', internalDetail === undefined ? {} : { detail: internalDetail });
}
