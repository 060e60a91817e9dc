import type { FastifyReply } from 'fastify';

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
