import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectUnauthorized,
  METHODS,
  OPEN_PATHS as OPEN,
  openApiDoc,
  operations,
} from './testing/auth-probes.js';
import { startTestApi, TEST_API_KEY, type TestApi } from './testing/index.js';

/**
 * Every route of the generated OpenAPI document: mutating routes refuse a missing and a bad
 * credential, read routes too unless reads are public. Enumerated from the document, so a
 * route added later is covered without touching this test.
 */
describe('REST API authentication (routes from the OpenAPI document)', () => {
  let closed: TestApi;
  let publicReads: TestApi;
  beforeAll(async () => {
    [closed, publicReads] = await Promise.all([
      startTestApi(),
      startTestApi({ publicReads: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([closed?.close(), publicReads?.close()]);
  });

  it('documents every route of the issue in a valid OpenAPI 3.1 document', async () => {
    const doc = await openApiDoc(closed);
    expect(doc.openapi).toBe('3.1.0');
    const routes = operations(doc).map(({ method, path }) => `${method} ${path}`);
    for (const route of [
      'POST /v1/runs',
      'GET /v1/runs',
      'GET /v1/runs/{id}',
      'GET /v1/runs/{id}/jobs',
      'GET /v1/runs/{id}/report',
      'POST /v1/runs/{id}/retry',
      'POST /v1/runs/{id}/cancel',
      'GET /v1/dead-letters',
      'POST /v1/dead-letters/{runId}/{index}/replay',
      'GET /v1/predictions',
      'GET /v1/models',
      'GET /v1/models/{device}',
      'GET /v1/models/{device}/{sensor}',
      'POST /v1/models/{device}/versions',
      'POST /v1/models/{device}/{sensor}/versions',
      'POST /v1/models/{device}/current',
      'POST /v1/models/{device}/{sensor}/current',
      'POST /v1/models/{device}/rollback',
      'POST /v1/models/{device}/{sensor}/rollback',
      'POST /v1/training-runs',
      'GET /v1/schedules',
      'GET /v1/scaling',
      'GET /healthz',
      'GET /readyz',
    ]) {
      expect(routes).toContain(route);
    }
    // Structural validity: path templates match declared path parameters, guarded
    // operations name declared security schemes.
    const schemes = Object.keys(doc.components?.securitySchemes ?? {});
    expect(schemes.sort()).toEqual(['apiKey', 'bearer']);
    for (const [path, item] of Object.entries(doc.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const declared = (op.parameters ?? [])
          .filter((p) => p.in === 'path')
          .map((p) => p.name)
          .sort();
        expect(declared, `${method} ${path}`).toEqual(templated);
        for (const requirement of op.security ?? []) {
          for (const name of Object.keys(requirement as object)) expect(schemes).toContain(name);
        }
      }
    }
  });

  it('refuses a missing and a bad credential on every non-open route when reads are not public', async () => {
    const ops = operations(await openApiDoc(closed)).filter(({ path }) => !OPEN.has(path));
    expect(ops.length).toBeGreaterThan(15);
    for (const { method, url } of ops) {
      const what = `${method} ${url}`;
      expectUnauthorized(
        await closed.app.inject({ method: method as 'GET', url }),
        `${what} (no credential)`,
      );
      expectUnauthorized(
        await closed.app.inject({
          method: method as 'GET',
          url,
          headers: { 'x-api-key': 'not-the-key' },
        }),
        `${what} (bad API key)`,
      );
      expectUnauthorized(
        await closed.app.inject({
          method: method as 'GET',
          url,
          headers: { authorization: 'Bearer nope' },
        }),
        `${what} (bad bearer)`,
      );
    }
  });

  it('with public reads, refuses only the mutating routes', async () => {
    const ops = operations(await openApiDoc(publicReads)).filter(({ path }) => !OPEN.has(path));
    const mutating = ops.filter(({ method }) => method !== 'GET');
    expect(mutating.length).toBeGreaterThan(8);
    for (const { method, url } of mutating) {
      expectUnauthorized(
        await publicReads.app.inject({ method: method as 'POST', url }),
        `${method} ${url}`,
      );
      expectUnauthorized(
        await publicReads.app.inject({
          method: method as 'POST',
          url,
          headers: { 'x-api-key': 'nope' },
        }),
        `${method} ${url} (bad key)`,
      );
    }
    for (const { method, url } of ops.filter(({ method }) => method === 'GET')) {
      const response = await publicReads.app.inject({ method: 'GET', url });
      expect(response.statusCode, `${method} ${url}`).not.toBe(401);
    }
  });

  it('keeps probes, metrics, scaling and the docs open, and accepts the key', async () => {
    for (const url of [
      '/healthz',
      '/readyz',
      '/metrics',
      '/v1/scaling',
      '/docs/json',
      '/docs/',
      '/docs/static/swagger-ui-bundle.js',
    ]) {
      expect((await closed.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    expect((await closed.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
    const withKey = await closed.app.inject({
      method: 'GET',
      url: '/v1/schedules',
      headers: { authorization: `Bearer ${TEST_API_KEY}` },
    });
    expect(withKey.statusCode).toBe(200);
  });
});
