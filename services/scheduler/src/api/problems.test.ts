import { InvalidModelError } from '@fleetscore/registry';
import {
  AlreadyExistsError,
  NonRetryableError,
  NotFoundError,
  PreconditionFailedError,
  UnavailableError,
} from '@fleetscore/shared';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { notFoundHandler, problemErrorHandler } from './problems.js';

/** An app whose one route throws the given error, with the API's error handling. */
async function throwing(error: Error) {
  const logged: unknown[] = [];
  const app = Fastify({ logger: false });
  app.setErrorHandler(problemErrorHandler);
  app.setNotFoundHandler(notFoundHandler);
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

describe('problemErrorHandler', () => {
  it.each([
    [new NotFoundError('no run x'), 404, 'not-found'],
    [new AlreadyExistsError('taken'), 409, 'conflict'],
    [new PreconditionFailedError('run ended'), 409, 'conflict'],
    [new NonRetryableError('bad token'), 400, 'invalid-request'],
    [new InvalidModelError('pickle names os.system'), 400, 'invalid-model'],
    [new UnavailableError('redis down'), 503, 'unavailable'],
  ])('maps %s to %i', async (error, status, type) => {
    const { response, body } = await throwing(error);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(body).toEqual({
      type: `urn:fleetscore:problem:${type}`,
      title: expect.any(String),
      status,
      detail: error.message,
    });
    if (status === 503) expect(response.headers['retry-after']).toBe('5');
  });

  it('answers an unexpected error with a bare 500, logged, with no internals', async () => {
    const { response, body, logged } = await throwing(
      new Error('connection string AccountKey=secret'),
    );
    expect(response.statusCode).toBe(500);
    expect(body).toMatchObject({ type: 'urn:fleetscore:problem:internal', status: 500 });
    expect(response.body).not.toContain('secret');
    expect(logged).toHaveLength(1);
  });
});
