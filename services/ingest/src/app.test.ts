import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';

describe('ingest app', () => {
  it('is live, and ready only when the stream answers', async () => {
    let up = true;
    const app = buildApp({
      checks: [
        {
          name: 'stream',
          check: async () => {
            if (!up) throw new Error('ECONNREFUSED');
          },
        },
      ],
    });
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    up = false;
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.stream.error).toBe('ECONNREFUSED');
    await app.close();
  });
});
