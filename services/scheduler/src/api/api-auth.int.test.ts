import { grants, ROLES, type Role } from '@fleetscore/shared';
import { hashApiKey } from '@fleetscore/shared/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectForbidden,
  expectUnauthorized,
  METHODS,
  OPS_PATHS,
  openApiDoc,
  operations,
} from './testing/auth-probes.js';
import { startTestApi, TEST_API_KEY, type TestApi } from './testing/index.js';

/**
 * Every route of the generated OpenAPI document, enumerated from it (a route added later is
 * covered without touching this test): each declares a role, a missing or bad credential is
 * refused with 401, and a credential holding exactly one role is let through or refused with
 * 403 as the role contract says. The probes, metrics, scaling and docs are on the internal
 * listener only.
 */

/** The role each route needs: the decision, written down once more so a slip shows. */
const EXPECTED_ROLES: Record<string, Role> = {
  'POST /v1/runs': 'runs.operate',
  'GET /v1/runs': 'reader',
  'GET /v1/runs/{id}': 'reader',
  'GET /v1/runs/{id}/jobs': 'reader',
  'GET /v1/runs/{id}/report': 'reader',
  'POST /v1/runs/{id}/retry': 'runs.operate',
  'POST /v1/runs/{id}/cancel': 'runs.operate',
  'POST /v1/training-runs': 'models.publish',
  'GET /v1/dead-letters': 'reader',
  'POST /v1/dead-letters/{runId}/{index}/replay': 'runs.operate',
  'GET /v1/predictions': 'reader',
  'GET /v1/models': 'reader',
  'GET /v1/models/{device}': 'reader',
  'GET /v1/models/{device}/{sensor}': 'reader',
  'POST /v1/models/{device}/versions': 'models.publish',
  'POST /v1/models/{device}/{sensor}/versions': 'models.publish',
  'POST /v1/models/{device}/current': 'models.publish',
  'POST /v1/models/{device}/{sensor}/current': 'models.publish',
  'POST /v1/models/{device}/rollback': 'models.publish',
  'POST /v1/models/{device}/{sensor}/rollback': 'models.publish',
  'GET /v1/schedules': 'reader',
};

/** One key per role, holding exactly that role. */
const keyOf = (role: Role) => `key-holding-${role}`;

describe('REST API authentication and roles (routes from the OpenAPI document)', () => {
  let closed: TestApi;
  let publicReads: TestApi;
  beforeAll(async () => {
    const apiKeys = ROLES.map((role) => ({ hash: hashApiKey(keyOf(role)), roles: [role] }));
    [closed, publicReads] = await Promise.all([
      startTestApi({ apiKeys }),
      startTestApi({ publicReads: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([closed?.close(), publicReads?.close()]);
  });

  it('documents every route with the role it needs, in a valid OpenAPI 3.1 document', async () => {
    const doc = await openApiDoc(closed);
    expect(doc.openapi).toBe('3.1.0');
    const declared = Object.fromEntries(
      operations(doc).map(({ method, path, role }) => [`${method} ${path}`, role]),
    );
    expect(declared).toEqual(EXPECTED_ROLES);
    // Structural validity: path templates match declared path parameters, guarded
    // operations name declared security schemes, document the refusals and say the role.
    const schemes = Object.keys(doc.components?.securitySchemes ?? {});
    expect(schemes.sort()).toEqual(['apiKey', 'bearer']);
    for (const [path, item] of Object.entries(doc.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const what = `${method} ${path}`;
        const params = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(params.sort(), what).toEqual(templated);
        expect(op.security, what).toEqual([{ apiKey: [] }, { bearer: [] }]);
        expect(op.description, what).toContain(`Needs the role \`${op['x-required-role']}\``);
        expect(Object.keys(op.responses ?? {}), what).toEqual(
          expect.arrayContaining(['401', '403']),
        );
      }
    }
  });

  it('answers each route × role as the contract says: through, or 403 naming the role', async () => {
    const ops = operations(await openApiDoc(closed));
    expect(ops.length).toBe(Object.keys(EXPECTED_ROLES).length);
    for (const { method, url, role: needed } of ops) {
      if (needed === undefined) throw new Error(`${method} ${url} declares no role`);
      for (const held of ROLES) {
        const what = `${method} ${url} with ${held}`;
        // No body and sample ids: a request let through fails validation or finds nothing
        // (400, 404, 415), so the matrix changes nothing.
        const response = await closed.app.inject({
          method: method as 'GET',
          url,
          headers: { 'x-api-key': keyOf(held) },
        });
        if (grants([held], needed)) {
          expect([401, 403], `${what}: ${response.body}`).not.toContain(response.statusCode);
          expect(response.statusCode, what).toBeLessThan(500);
        } else {
          expectForbidden(response, needed, what);
        }
      }
    }
  });

  it('refuses a missing and a bad credential on every route when reads are not public', async () => {
    const ops = operations(await openApiDoc(closed));
    for (const { method, url } of ops) {
      const what = `${method} ${url}`;
      for (const [name, headers] of [
        ['no credential', {}],
        ['bad API key', { 'x-api-key': 'not-the-key' }],
        ['bad bearer', { authorization: 'Bearer nope' }],
      ] as const) {
        expectUnauthorized(
          await closed.app.inject({ method: method as 'GET', url, headers }),
          `${what} (${name})`,
        );
      }
    }
  });

  it('with public reads, refuses only the mutating routes', async () => {
    const ops = operations(await openApiDoc(publicReads));
    const mutating = ops.filter(({ method }) => method !== 'GET');
    expect(mutating.length).toBeGreaterThan(8);
    for (const { method, url } of mutating) {
      expectUnauthorized(
        await publicReads.app.inject({ method: method as 'POST', url }),
        `${method} ${url}`,
      );
    }
    for (const { method, url } of ops.filter(({ method }) => method === 'GET')) {
      const response = await publicReads.app.inject({ method: 'GET', url });
      expect(response.statusCode, `${method} ${url}`).not.toBe(401);
    }
  });

  it('serves probes, metrics, scaling and the docs on the internal listener only', async () => {
    for (const url of OPS_PATHS) {
      const publicAnswer = await closed.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${TEST_API_KEY}` },
      });
      expect(publicAnswer.statusCode, `public ${url}`).toBe(404);
      const opsAnswer = await closed.ops.inject({ method: 'GET', url });
      expect(opsAnswer.statusCode, `internal ${url}`).toBeLessThan(400);
    }
    for (const url of ['/docs/', '/docs/static/swagger-ui-bundle.js']) {
      expect((await closed.ops.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    // …and the internal listener serves nothing of the API, whatever the credential.
    const onOps = await closed.ops.inject({
      method: 'GET',
      url: '/v1/runs',
      headers: { authorization: `Bearer ${TEST_API_KEY}` },
    });
    expect(onOps.statusCode).toBe(404);
    const withKey = await closed.app.inject({
      method: 'GET',
      url: '/v1/schedules',
      headers: { authorization: `Bearer ${TEST_API_KEY}` },
    });
    expect(withKey.statusCode).toBe(200);
  });
});
