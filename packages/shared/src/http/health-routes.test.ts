import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerHealthRoutes } from './health-routes.js';

describe('health routes', () => {
  it('answers /healthz always and /readyz with 503 naming the failed dependency', async () => {
    const app = Fastify();
    registerHealthRoutes(app, [
      { name: 'redis', check: async () => {} },
      {
        name: 'blob',
        check: async () => {
          throw new Error('ECONNREFUSED');
        },
      },
    ]);
    const live = await app.inject({ method: 'GET', url: '/healthz' });
    expect(live.statusCode).toBe(200);
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({
      ok: false,
      checks: { redis: { ok: true }, blob: { ok: false, error: 'ECONNREFUSED' } },
    });
    await app.close();
  });
});
