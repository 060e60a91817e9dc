import { describe, expect, it } from 'vitest';
import { expectProblem, useTestApi } from './testing/use-test-api.js';

/** Every route group's refusals as problems (RFC 9457): bad requests 400, unknown ids 404. */
const { call, get, post } = useTestApi();

describe('problems', () => {
  it('answers bad requests with 400 problems naming the issues', async () => {
    const bad = [
      post('/v1/runs', { from: 'yesterday', to: '2026-11-25T09:00:00Z' }),
      post('/v1/runs', { from: '2026-11-25T09:00:00Z', to: '2026-11-25T08:00:00Z' }),
      post('/v1/runs', {
        from: '2026-11-25T08:00:00Z',
        to: '2026-11-25T09:00:00Z',
        entities: ['a/b/c'],
      }),
      post('/v1/training-runs', {
        from: '2026-11-25T08:00:00Z',
        to: '2026-11-25T09:00:00Z',
        params: { nu: 1 },
      }),
      call({
        method: 'POST',
        url: '/v1/runs',
        payload: '{not json',
        headers: { 'content-type': 'application/json' },
      }),
      get('/v1/runs?status=bogus'),
      get('/v1/runs?limit=0'),
      get('/v1/runs?continuation=%%%'),
      get('/v1/runs/not-a-run-id'),
      get('/v1/predictions?from=2026-11-25T00:00:00Z&to=2026-11-25T01:00:00Z'),
      get('/v1/predictions?entity=d/s&from=2026-11-01T00:00:00Z&to=2026-11-25T01:00:00Z'),
      get(
        '/v1/predictions?entity=d/s&from=2026-11-25T00:00:00Z&to=2026-11-25T01:00:00Z&continuation=bm9wZQ',
      ),
      get('/v1/dead-letters?continuation=bm9wZQ'),
      // "0/0": an entity key but no token the registry issues (was a 500, found by the fuzz test).
      get('/v1/models?continuation=MC8w'),
      post('/v1/models/dev1/s1/current', { version: 0 }),
    ];
    for (const response of await Promise.all(bad)) {
      const problem = expectProblem(response, 400, 'invalid-request');
      expect(problem.detail).toBeTruthy();
    }
    const problem = expectProblem(await post('/v1/runs', { from: 'x', to: 'y' }), 400);
    expect(problem.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'body', path: '/from' })]),
    );
  });

  it('answers unknown ids and routes with 404 problems', async () => {
    const missing = 'api-20261125T1000Z-nope';
    for (const response of await Promise.all([
      get(`/v1/runs/${missing}`),
      get(`/v1/runs/${missing}/jobs`),
      get(`/v1/runs/${missing}/report`),
      post(`/v1/runs/${missing}/retry`),
      post(`/v1/runs/${missing}/cancel`),
      post(`/v1/dead-letters/${missing}/0/replay`),
      get('/v1/models/nodev/nosensor'),
      get('/v1/models/nodev'),
      post('/v1/models/nodev/nosensor/current', { version: 1 }),
      get('/v1/nothing-here'),
    ])) {
      expectProblem(response, 404);
    }
  });
});
