import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestApi, TEST_API_KEY, type TestApi, type TestApiOptions } from './harness.js';

/**
 * A test file's API on the local stack: started before its tests, closed after them. `api()`
 * is the running one; `call`, `get` and `post` inject into its public app with `TEST_API_KEY`
 * (a request's own headers win).
 */
export function useTestApi(options: TestApiOptions = {}) {
  let started: TestApi | undefined;
  beforeAll(async () => {
    started = await startTestApi(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  const api = (): TestApi => {
    if (started === undefined) throw new Error('the test API is started in beforeAll');
    return started;
  };
  const call = (request: InjectOptions): Promise<LightMyRequestResponse> =>
    api().app.inject({
      ...request,
      headers: { 'x-api-key': TEST_API_KEY, ...(request.headers ?? {}) },
    });
  return {
    api,
    call,
    get: (url: string) => call({ method: 'GET', url }),
    post: (url: string, payload?: object) =>
      call({ method: 'POST', url, ...(payload === undefined ? {} : { payload }) }),
  };
}

/** An `application/problem+json` answer of `status` (and of `type`, when given): its body. */
export function expectProblem(response: LightMyRequestResponse, status: number, type?: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = response.json();
  expect(body).toMatchObject({ status, title: expect.any(String) });
  if (type) expect(body.type).toBe(`urn:fleetscore:problem:${type}`);
  return body as { detail?: string; errors?: unknown[] };
}
