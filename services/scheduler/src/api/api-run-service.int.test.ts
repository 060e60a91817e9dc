import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_API_KEY, type TestApi } from './testing/index.js';

/** The API over the scheduler's own RunService: the contract between the two holds. */
const headers = { 'x-api-key': TEST_API_KEY };
const pickle = new URL('../../../../../shared/reference/models/model_1_1', import.meta.url);
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ realRunService: true });
});
afterAll(async () => {
  await api?.close();
});

describe('REST API with the scheduler RunService', () => {
  it('plans a backfill over every model into jobs, lists them and cancels the run once', async () => {
    const bytes = await readFile(pickle);
    for (const entity of ['a/1', 'a/2', 'b/1']) {
      const response = await api.app.inject({
        method: 'POST',
        url: `/v1/models/${entity}/versions`,
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        payload: bytes,
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/runs',
      headers,
      payload: { from: '2026-11-24T08:00:00Z', to: '2026-11-24T09:00:00Z' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const run = created.json();
    expect(run.kind).toBe('score');

    const jobs = await api.app.inject({ method: 'GET', url: `/v1/runs/${run.id}/jobs`, headers });
    const planned = jobs.json().items as Array<{ size: number }>;
    expect(planned.length).toBeGreaterThan(0);
    // Every entity with a model is in exactly one job.
    expect(planned.reduce((sum, job) => sum + job.size, 0)).toBe(3);

    const cancel = () =>
      api.app.inject({ method: 'POST', url: `/v1/runs/${run.id}/cancel`, headers });
    expect((await cancel()).json()).toMatchObject({ id: run.id, state: 'cancelled' });
    expect((await cancel()).statusCode).toBe(409);
    expect(
      (await api.app.inject({ method: 'POST', url: `/v1/runs/${run.id}/retry`, headers }))
        .statusCode,
    ).toBe(409);
  });
});
