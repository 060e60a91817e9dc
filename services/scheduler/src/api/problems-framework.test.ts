import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { frameworkErrorHandler } from './problems.js';

describe('frameworkErrorHandler', () => {
  it('answers router refusals (bad percent-encoding, overlong segment) as 400 problems', async () => {
    const app = Fastify({ logger: false, frameworkErrors: frameworkErrorHandler });
    app.get('/v1/runs/:id', async () => 'reached');
    for (const url of ['/v1/runs/%ED%A0%80', '/v1/runs/%E0%A4%A', `/v1/runs/${'a'.repeat(101)}`]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(response.json(), url).toMatchObject({
        type: 'urn:fleetscore:problem:invalid-request',
        status: 400,
      });
      expect(response.body, url).not.toContain('aaaa');
    }
    await app.close();
  });
});
