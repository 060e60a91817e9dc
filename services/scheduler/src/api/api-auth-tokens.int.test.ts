import { grants, ROLES } from '@fleetscore/shared';
import { type RefusedToken, testTokenIssuer } from '@fleetscore/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectForbidden,
  expectUnauthorized,
  openApiDoc,
  operations,
} from './testing/auth-probes.js';
import { startTestApi, type TestApi } from './testing/index.js';

/**
 * Every mutating route of the OpenAPI document, with API keys and JWTs both configured (and
 * reads public, so only the guard on writes is under test): each bad credential is refused
 * with 401 problem+json, each valid token whose roles do not include the route's with 403,
 * and none of them changes anything — no run, job, blob or model.
 */

const RUN_BODY = {
  from: '2026-11-25T08:00:00Z',
  to: '2026-11-25T09:00:00Z',
  entities: ['dev1/s1'],
};

/** What a write could change: runs in the ledger, blobs, queued jobs, current models. */
async function snapshot(api: TestApi) {
  // Around RUN_BODY's window (the ledger reads at most 62 day partitions per call).
  const { items: runs } = await api.ledger.listRuns({
    from: new Date('2026-11-01T00:00:00Z'),
    to: new Date('2026-12-31T00:00:00Z'),
    limit: 500,
  });
  const blobs: string[] = [];
  for await (const item of api.blobs.list('')) blobs.push(item.name);
  const models: string[] = [];
  for await (const { entity, version } of api.registry.currentVersions()) {
    models.push(`${entity}@${version}`);
  }
  return { runs: runs.map((run) => run.id), blobs, models, queue: await api.queue.depth() };
}

describe('REST API: every mutating route refuses bad credentials and changes nothing', () => {
  let api: TestApi;
  let issuer: Awaited<ReturnType<typeof testTokenIssuer>>;
  let refused: RefusedToken[];
  beforeAll(async () => {
    issuer = await testTokenIssuer();
    refused = await issuer.refused();
    api = await startTestApi({ publicReads: true, jwt: issuer.jwt });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers 401 to no credential, a wrong key and each bad JWT', async () => {
    const mutating = operations(await openApiDoc(api)).filter(({ method }) => method !== 'GET');
    expect(mutating.length).toBeGreaterThan(8);
    const credentials: Array<{ name: string; headers: Record<string, string> }> = [
      { name: 'no credential', headers: {} },
      { name: 'wrong API key', headers: { 'x-api-key': 'not-the-key' } },
      { name: 'wrong bearer key', headers: { authorization: 'Bearer not-the-key' } },
      ...refused.map(({ name, token }) => ({
        name: `JWT: ${name}`,
        headers: { authorization: `Bearer ${token}` },
      })),
    ];
    const before = await snapshot(api);
    for (const { method, url } of mutating) {
      for (const { name, headers } of credentials) {
        const response = await api.app.inject({
          method: method as 'POST',
          url,
          headers: { 'content-type': 'application/json', ...headers },
          payload: JSON.stringify(RUN_BODY),
        });
        expectUnauthorized(response, `${method} ${url} (${name})`);
      }
    }
    // Valid tokens, each with every role but one that would let it through.
    for (const { method, url, role } of mutating) {
      if (role === undefined) throw new Error(`${method} ${url} declares no role`);
      const others = ROLES.filter((held) => !grants([held], role));
      for (const token of [
        await issuer.valid('caller-9', others),
        await issuer.valid('caller-9', []),
      ]) {
        const response = await api.app.inject({
          method: method as 'POST',
          url,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          payload: JSON.stringify(RUN_BODY),
        });
        expectForbidden(response, role, `${method} ${url} (JWT without ${role})`);
      }
    }
    expect(await snapshot(api)).toEqual(before);
  });

  it('accepts a valid JWT, so the refusals above are the checks and not a broken setup', async () => {
    const before = await snapshot(api);
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/runs',
      headers: { authorization: `Bearer ${await issuer.valid('caller-1', ['runs.operate'])}` },
      payload: RUN_BODY,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((await snapshot(api)).runs).toEqual([...before.runs, created.json().id]);
  });
});
