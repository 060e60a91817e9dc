import { describe, expect, it } from 'vitest';
import { eventually } from '../runs/testing/run-stack.js';
import { expectProblem, useTestApi } from './testing/use-test-api.js';

/** Runs, jobs, reports and schedules over the API; the test RunService ends `dev1/ok`'s runs. */
const { get, post } = useTestApi({
  settle: (run) => (run.entities?.includes('dev1/ok') ? 'succeeded' : undefined),
  now: () => new Date('2026-11-25T10:30:00Z'),
});

describe('runs', () => {
  it('starts a run, shows it, lists it, pages its jobs and serves its report once it ends', async () => {
    const created = await post('/v1/runs', {
      from: '2026-11-25T08:00:00Z',
      to: '2026-11-25T09:00:00Z',
      entities: ['dev1/ok'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const run = created.json();
    expect(run).toMatchObject({
      kind: 'score',
      state: 'running',
      jobCount: 1,
      trigger: { kind: 'api' },
    });

    expect((await get(`/v1/runs/${run.id}`)).json()).toMatchObject({
      id: run.id,
      durationMs: expect.any(Number),
    });
    const listed = (await get('/v1/runs?from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z')).json();
    expect(listed.items.map((r: { id: string }) => r.id)).toContain(run.id);
    const jobs = (await get(`/v1/runs/${run.id}/jobs?limit=1`)).json();
    expect(jobs.items).toHaveLength(1);
    expect(jobs.items[0]).toMatchObject({ runId: run.id, index: 0, state: 'queued' });
    expect(jobs.continuation).toBeUndefined();

    const report = await eventually(async () => {
      const response = await get(`/v1/runs/${run.id}/report`);
      if (response.statusCode === 404) {
        expectProblem(response, 404, 'report-not-ready');
        return undefined;
      }
      return response;
    }, 'the report');
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({
      runId: run.id,
      state: 'succeeded',
      entities: [{ entity: 'dev1/ok' }],
    });
    // An ended run cannot be cancelled.
    expectProblem(await post(`/v1/runs/${run.id}/cancel`), 409, 'conflict');
  });

  it('filters runs by state and pages them with continuation tokens', async () => {
    const ids: string[] = [];
    for (const hour of ['01', '02', '03']) {
      const response = await post('/v1/runs', {
        from: `2026-11-20T${hour}:00:00Z`,
        to: `2026-11-20T${hour}:30:00Z`,
        entities: ['dev2/s'],
      });
      ids.push(response.json().id);
    }
    expect((await post(`/v1/runs/${ids[0]}/cancel`)).json()).toMatchObject({ state: 'cancelled' });
    const seen: string[] = [];
    let continuation: string | undefined;
    do {
      const query = `from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&limit=1${continuation ? `&continuation=${continuation}` : ''}`;
      const page = (await get(`/v1/runs?${query}`)).json();
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((r: { id: string }) => r.id));
      continuation = page.continuation;
    } while (continuation);
    expect(seen.sort()).toEqual([...ids].sort());
    const cancelled = (
      await get('/v1/runs?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&status=cancelled')
    ).json();
    expect(cancelled.items.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    // Retrying a cancelled run is a conflict; cancelling it again too.
    expectProblem(await post(`/v1/runs/${ids[0]}/retry`), 409);
    expectProblem(await post(`/v1/runs/${ids[0]}/cancel`), 409);
  });

  it('starts a training run with the reference defaults', async () => {
    const response = await post('/v1/training-runs', {
      from: '2026-11-24T00:00:00Z',
      to: '2026-11-25T00:00:00Z',
      entities: ['dev3/s'],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      kind: 'train',
      params: { nu: 0.0001, gamma: 0.01, standardize: true },
    });
  });
});

describe('schedules', () => {
  it('lists the schedules with their next fire time in the time zone', async () => {
    const body = (await get('/v1/schedules')).json();
    // The clock is 10:30 UTC = 11:30 in Amsterdam: the next `5 * * * *` is 12:05 there.
    expect(body).toEqual({
      timeZone: 'Europe/Amsterdam',
      schedules: [{ name: 'hourly', cron: '5 * * * *', nextRunAt: '2026-11-25T11:05:00.000Z' }],
    });
  });
});
