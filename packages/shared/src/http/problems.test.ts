import Fastify, { type FastifyError } from 'fastify';
import { describe, expect, it } from 'vitest';
import { answerFastifyError, COMMON_PROBLEMS, problemSender } from './problems.js';

const sendProblem = problemSender({
  ...COMMON_PROBLEMS,
  badBody: { status: 400, title: 'Bad body' },
  tooLarge: { status: 413, title: 'Too large' },
});

/** An app whose one route throws `error`, answered by `answerFastifyError` alone. */
async function answer(error: Error, internalDetail?: string) {
  const logged: unknown[] = [];
  const app = Fastify({ logger: false });
  app.setErrorHandler((e: FastifyError, request, reply) =>
    answerFastifyError(e, request, reply, sendProblem, {
      badRequest: 'badBody',
      ...(internalDetail === undefined ? {} : { internalDetail }),
    }),
  );
  app.addHook('onRequest', async (request) => {
    request.log.error = (...args: unknown[]) => void logged.push(args);
  });
  app.get('/boom', async () => {
    throw error;
  });
  const response = await app.inject({ method: 'GET', url: '/boom' });
  await app.close();
  return { response, body: response.json(), logged };
}

const withStatus = (statusCode: number) => Object.assign(new Error('refused'), { statusCode });

describe('answerFastifyError', () => {
  it.each([
    [413, 'too-large'],
    [415, 'unsupported-media-type'],
    [400, 'bad-body'],
  ])("answers fastify's own %i as its problem, with the error's message", async (status, type) => {
    const { response, body, logged } = await answer(withStatus(status));
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(body).toEqual({
      type: `urn:fleetscore:problem:${type}`,
      title: expect.any(String),
      status,
      detail: 'refused',
    });
    expect(logged).toHaveLength(0);
  });

  it('answers anything else with a logged 500 holding no internals', async () => {
    const bare = await answer(new Error('AccountKey=secret'));
    expect(bare.body).toEqual({
      type: 'urn:fleetscore:problem:internal',
      title: 'Internal error',
      status: 500,
    });
    expect(bare.logged).toHaveLength(1);
    const told = await answer(new Error('AccountKey=secret'), 'see the server log');
    expect(told.body).toMatchObject({ status: 500, detail: 'see the server log' });
    expect(told.response.body).not.toContain('secret');
  });
});
