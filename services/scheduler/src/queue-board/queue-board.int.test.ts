import type { Role } from '@fleetscore/shared';
import { hashApiKey } from '@fleetscore/shared/http';
import { bullMqQueueOf } from '@fleetscore/shared/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../api/testing/index.js';

/** Bull Board on the real BullMQ queue of the test API (Redis), behind the API's auth. */

const keyOf = (role: Role) => `board-key-${role}`;
const basic = (password: string) =>
  `Basic ${Buffer.from(`operator:${password}`).toString('base64')}`;

describe('the queue board (Bull Board, local backend)', () => {
  let api: TestApi;
  let board: TestApi;
  beforeAll(async () => {
    const apiKeys = (['reader', 'runs.operate', 'models.publish'] as const).map((role) => ({
      hash: hashApiKey(keyOf(role)),
      roles: [role],
    }));
    [api, board] = await Promise.all([
      startTestApi({ apiKeys }),
      startTestApi({ apiKeys, queueBoard: true }),
    ]);
    await board.queue.enqueue({
      id: 'board-run.0',
      payload: { kind: 'score', runId: 'board-run', jobIndex: 0 } as never,
    });
  });
  afterAll(async () => {
    await Promise.all([api?.close(), board?.close()]);
  });

  it('is mounted only when given a BullMQ queue', async () => {
    const headers = { 'x-api-key': keyOf('runs.operate') };
    expect((await api.app.inject({ url: '/queues', headers })).statusCode).toBe(404);
    expect((await board.app.inject({ url: '/queues', headers })).statusCode).toBe(200);
  });

  it('asks a browser for credentials, and refuses a role other than runs.operate', async () => {
    for (const url of ['/queues', '/queues/api/queues', '/queues/static/favicon-32x32.png']) {
      const anonymous = await board.app.inject({ url });
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.headers['www-authenticate'], url).toContain(
        'Basic realm="fleetscore", charset="UTF-8"',
      );
      const wrong = await board.app.inject({ url, headers: { authorization: basic('nope') } });
      expect(wrong.statusCode, url).toBe(401);
      for (const role of ['reader', 'models.publish'] as const) {
        const refused = await board.app.inject({ url, headers: { 'x-api-key': keyOf(role) } });
        expect(refused.statusCode, `${url} with ${role}`).toBe(403);
        expect(refused.json().requiredRole).toBe('runs.operate');
      }
    }
  });

  it('serves the page, its assets and its API to an operator, by Basic or bearer', async () => {
    const headers = { authorization: basic(keyOf('runs.operate')) };
    const page = await board.app.inject({ url: '/queues', headers });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    // The page's scripts and styles, as the browser will ask for them (same credentials).
    const base = /<base href="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const assets = [...page.body.matchAll(/(?:src|href)="(static\/[^"]+)"/g)].map(
      (match) => new URL(match[1] ?? '', `http://board${base}`).pathname,
    );
    expect(assets.length).toBeGreaterThan(0);
    for (const url of assets) {
      expect((await board.app.inject({ url, headers })).statusCode, url).toBe(200);
    }
    const queues = await board.app.inject({
      url: '/queues/api/queues?activeQueue=&status=latest&page=1',
      headers: { authorization: `Bearer ${keyOf('runs.operate')}` },
    });
    expect(queues.statusCode, queues.body).toBe(200);
    const [queue] = queues.json().queues;
    expect(queue.name).toBe(bullMqQueueOf(board.queue)?.name);
    expect(queue.readOnlyMode).toBe(true);
    expect(queue.counts.waiting).toBe(1);
  });

  it('is read-only: the ledger and the reconciler stay the only way to act on jobs', async () => {
    const headers = { authorization: basic(keyOf('runs.operate')) };
    const name = encodeURIComponent(bullMqQueueOf(board.queue)?.name ?? '');
    const before = await board.queue.depth();
    for (const url of [`/queues/api/queues/${name}/empty`, `/queues/api/queues/${name}/pause`]) {
      const response = await board.app.inject({ method: 'PUT', url, headers });
      expect(response.statusCode, url).toBe(405);
      expect(response.json(), url).toEqual({ error: { key: 'ERRORS.QUEUE_READ_ONLY' } });
    }
    expect(await board.queue.depth()).toEqual(before);
  });
});
