import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { answerFastifyError } from './problems.js';

/** What `answerFastifyError` sends for `error`, and what it logs. */
function answer(error: Error, internalDetail?: string) {
  const sent: unknown[][] = [];
  const logged: unknown[][] = [];
  const request = { log: { error: (...args: unknown[]) => logged.push(args) } };
  answerFastifyError(
    error as FastifyError,
    request as unknown as FastifyRequest,
    {} as FastifyReply,
    (_reply, kind, extras) => sent.push([kind, extras]),
    { badRequest: 'badBody', ...(internalDetail === undefined ? {} : { internalDetail }) },
  );
  return { sent, logged };
}

const withStatus = (statusCode: number) => Object.assign(new Error('refused'), { statusCode });

describe('answerFastifyError', () => {
  it.each([
    [413, 'tooLarge'],
    [415, 'unsupportedMediaType'],
    [400, 'badBody'],
  ])("answers fastify's own %i as its kind, with the error's message", (status, kind) => {
    expect(answer(withStatus(status))).toEqual({
      sent: [[kind, { detail: 'refused' }]],
      logged: [],
    });
  });

  it('answers anything else as internal, logged, with no internals but internalDetail', () => {
    const error = new Error('AccountKey=secret');
    const bare = answer(error);
    expect(bare.sent).toEqual([['internal', {}]]);
    expect(bare.logged).toEqual([[{ err: error }, 'request failed']]);
    expect(answer(error, 'see the server log').sent).toEqual([
      ['internal', { detail: 'see the server log' }],
    ]);
  });
});
