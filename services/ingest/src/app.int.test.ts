// The ingest app as a whole: the API-key guard on the public listener, health, metrics and the
// OpenAPI document on the internal one only, and readiness from its checks.
import { createAuthenticator, hashApiKey } from '@fleetscore/shared/http';
import { describe, expect, it } from 'vitest';
import { post, reading, setup } from './app.test-helper.js';

describe('the ingest app', () => {
  it('guards POST with API keys; health, metrics and docs are on the internal listener only', async () => {
    const auth = createAuthenticator({ host: '0.0.0.0', apiKeyHashes: [hashApiKey('secret')] });
    const s = await setup({ auth });
    const denied = await post(s.app, [reading('a', 1)]);
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['www-authenticate']).toContain('Bearer');
    expect((await post(s.app, [reading('a', 1)], '', { 'x-api-key': 'secret' })).statusCode).toBe(
      202,
    );
    for (const url of ['/healthz', '/readyz', '/metrics', '/docs', '/docs/json']) {
      expect((await s.app.inject({ url })).statusCode, `public ${url}`).toBe(404);
    }
    expect((await s.ops.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await s.ops.inject({ url: '/readyz' })).statusCode).toBe(200);
    const scrape = await s.ops.inject({ url: '/metrics' });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.body).toMatch(/fleetscore_ingest_readings_accepted_total\{[^}]*\} 1\n/);
    expect(scrape.body).toMatch(
      /fleetscore_ingest_publish_duration_seconds_count\{outcome="ok"[^}]*\} 1\n/,
    );
    // The internal listener serves nothing of the public API.
    expect((await post(s.ops, [reading('a', 1)], '', { 'x-api-key': 'secret' })).statusCode).toBe(
      404,
    );
  });

  it('serves its OpenAPI document on the internal listener, naming the role of the route', async () => {
    const s = await setup();
    const ui = await s.ops.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
    const doc = (await s.ops.inject({ url: '/docs/json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Fleetscore ingest API');
    expect(Object.keys(doc.paths)).toEqual(['/v1/readings']);
    const post = doc.paths['/v1/readings'].post;
    expect(post['x-required-role']).toBe('readings.write');
    expect(post.security).toEqual([{ apiKey: [] }, { bearer: [] }]);
    expect(post.description).toContain('`readings.write`');
    expect(Object.keys(post.requestBody.content).sort()).toEqual([
      'application/json',
      'application/x-ndjson',
    ]);
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(['202', '400', '401', '403', '413', '415', '429', '503']),
    );
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
  });

  it('is ready only when its checks pass', async () => {
    let up = true;
    const check = async () => {
      if (!up) throw new Error('ECONNREFUSED');
    };
    const s = await setup({ checks: [{ name: 'stream', check }] });
    expect((await s.ops.inject({ url: '/readyz' })).statusCode).toBe(200);
    up = false;
    const ready = await s.ops.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.stream.error).toBe('ECONNREFUSED');
  });
});
