import type { ProblemBody } from '@fleetscore/shared';

/** The API answered with a problem (RFC 9457): its title and detail make the message. */
export class ApiProblemError extends Error {
  readonly problem: ProblemBody;
  constructor(problem: ProblemBody, credential?: string) {
    const text = problem.detail
      ? `${problem.title}: ${problem.detail}`
      : `${problem.title} (HTTP ${problem.status})`;
    // On 401/403 say which credential was sent (never the credential itself): the usual cause
    // is the wrong one being picked up from the environment.
    const refused = problem.status === 401 || problem.status === 403;
    super(refused && credential ? `${text} (sent: ${credential})` : text);
    this.problem = problem;
  }
}

/**
 * The request got no usable answer: the API could not be reached, did not answer within the
 * timeout, or the CLI could not sign in to get a token for it. Every later request would fail
 * the same way, so loops over many requests stop at the first.
 */
export class ApiRequestError extends Error {
  readonly code: 'unreachable' | 'timeout' | 'sign-in';
  constructor(code: ApiRequestError['code'], message: string) {
    super(message);
    this.name = 'ApiRequestError';
    this.code = code;
  }
}
