import { type JobPayload, NonRetryableError, runId } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { eventually } from '../runs/testing/run-stack.js';
import { expectProblem, useTestApi } from './testing/use-test-api.js';

/** Dead letters over the API, and the queue as the internal listener reports it. */
const { api, get, post } = useTestApi();

describe('dead letters, metrics and scaling', () => {
  it('lists dead letters, replays one, and counts the queue by state', async () => {
    const from = '2026-11-25T05:00:00.000Z';
    const id = runId('api', new Date(from), 'dl1');
    const payload: JobPayload = {
      kind: 'score',
      runId: id,
      jobIndex: 3,
      from,
      to: '2026-11-25T06:00:00.000Z',
      shard: 0,
      entities: [{ entity: 'd/s', version: 1 }],
      reportUnmodelled: false,
    };
    await api().queue.enqueue({ id: `${id}/3`, payload });
    const consumer = api().queue.consume(async () => {
      throw new NonRetryableError('model is broken');
    });
    const letter = await eventually(async () => {
      const page = (await get('/v1/dead-letters')).json();
      return page.items.find((item: { id: string }) => item.id === `${id}/3`);
    }, 'the dead letter');
    await consumer.close();
    expect(letter).toMatchObject({
      runId: id,
      jobIndex: 3,
      kind: 'score',
      entities: 1,
      reason: 'model is broken',
    });

    const metrics = await api().ops.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(
      /^fleetscore_scheduler_queue_jobs\{state="dead-lettered",[^}]*\} [1-9]\d*$/m,
    );

    const replayed = await post(`/v1/dead-letters/${id}/3/replay`);
    expect(replayed.json()).toEqual({ replayed: true, id: `${id}/3` });
    expectProblem(await post(`/v1/dead-letters/${id}/3/replay`), 404);

    const depth = await api().queue.depth();
    const scaling = (await api().ops.inject({ method: 'GET', url: '/v1/scaling' })).json();
    const backlog = depth.waiting + depth.prioritized + depth.delayed + depth.active;
    expect(scaling.backlog).toBe(backlog);
    expect(scaling.depth).toEqual(depth);
    // No consumer runs, so nothing is active: ⌈backlog / 2 jobs per replica⌉, at most 10.
    expect(depth.active).toBe(0);
    expect(scaling.desiredReplicas).toBe(Math.min(10, Math.ceil(backlog / 2)));
    expect(backlog).toBeGreaterThan(0);
  });

  it('pages dead letters by position: a replay between pages skips and repeats none', async () => {
    const from = '2026-11-25T05:00:00.000Z';
    const id = runId('api', new Date(from), 'dl2');
    const job = (jobIndex: number): JobPayload => ({
      kind: 'score',
      runId: id,
      jobIndex,
      from,
      to: '2026-11-25T06:00:00.000Z',
      shard: 0,
      entities: [{ entity: 'd/s', version: 1 }],
      reportUnmodelled: false,
    });
    const consumer = api().queue.consume(async () => {
      throw new NonRetryableError('model is broken');
    });
    for (let index = 0; index < 5; index += 1) {
      await api().queue.enqueue({ id: `${id}/${index}`, payload: job(index) });
    }
    type Item = { runId?: string; jobIndex?: number };
    const ours = (items: Item[]) => items.filter((i) => i.runId === id).map((i) => i.jobIndex);
    await eventually(
      async () =>
        ours((await get('/v1/dead-letters?limit=1000')).json().items).length === 5
          ? true
          : undefined,
      'five dead letters',
    );
    await consumer.close();

    // Other tests' letters may be listed too: the whole list first, in one page.
    const whole = (await get('/v1/dead-letters?limit=1000')).json();
    expect(whole.continuation).toBeUndefined();
    const everyId = whole.items.map((i: { id: string }) => i.id);
    expect(ours(whole.items)).toEqual([0, 1, 2, 3, 4]);

    // Then two at a time; once `/1` has been listed it is replayed (it leaves the list) before
    // the next page is read. With offset paging the letter after it would be skipped.
    const seen: string[] = [];
    let continuation: string | undefined;
    let replayed = false;
    do {
      const query = continuation ? `&continuation=${encodeURIComponent(continuation)}` : '';
      const page = (await get(`/v1/dead-letters?limit=2${query}`)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i: { id: string }) => i.id));
      if (!replayed && seen.includes(`${id}/1`)) {
        expect(await api().queue.replayDeadLetter(`${id}/1`)).toBe(true);
        replayed = true;
      }
      continuation = page.continuation;
    } while (continuation !== undefined);
    expect(replayed).toBe(true);
    expect(seen).toEqual(everyId);

    // The page size is bounded: above the maximum is a problem naming it.
    const tooMany = expectProblem(await get('/v1/dead-letters?limit=1001'), 400, 'invalid-request');
    expect(tooMany.detail).toMatch(/limit/);
    expect(tooMany.detail).toMatch(/1000/);
  });
});
