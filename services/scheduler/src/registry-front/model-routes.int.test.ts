import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { expectProblem, useTestApi } from '../api/testing/use-test-api.js';

const referenceModel = new URL('../../../../../shared/reference/models/model_1_1', import.meta.url);
const refusedPickle = new URL(
  '../../../../packages/svm/fixtures/sklearn/refused/os-system.pkl',
  import.meta.url,
);
const v1Fixture = new URL(
  '../../../../packages/svm/fixtures/scoring/rbf-1f-scaled.json',
  import.meta.url,
);

/** The model registry's routes: uploads of every format, listing, promotion, refusals. */
const { call, get, post } = useTestApi({ maxModelBytes: 200_000 });

describe('models', () => {
  it('uploads pickles and v1 JSON, lists, shows, promotes and rolls back', async () => {
    const pickle = await readFile(referenceModel);
    const upload = (url: string, body: Buffer | string, type = 'application/octet-stream') =>
      call({ method: 'POST', url, payload: body, headers: { 'content-type': type } });
    const first = await upload('/v1/models/m1/temp/versions?note=reference', pickle);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      entity: 'm1/temp',
      version: 1,
      source: 'pickle',
      note: 'reference',
    });
    const v1 = JSON.stringify(JSON.parse(await readFile(v1Fixture, 'utf8')).model);
    const second = await upload('/v1/models/m1/temp/versions', v1, 'application/json');
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ version: 2, source: 'json' });
    const device = await upload('/v1/models/m1/versions?current=false', v1, 'application/json');
    expect(device.json()).toMatchObject({ entity: 'm1', version: 1 });

    const detail = (await get('/v1/models/m1/temp')).json();
    expect(detail.entry).toMatchObject({ entity: 'm1/temp', current: 2, latest: 2 });
    expect(detail.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await get('/v1/models/m1')).json().entry).toMatchObject({ entity: 'm1', latest: 1 });

    const listed = (await get('/v1/models?device=m1&limit=1')).json();
    expect(listed.items).toHaveLength(1);
    const rest = (
      await get(`/v1/models?device=m1&limit=1&continuation=${listed.continuation}`)
    ).json();
    expect(
      [...listed.items, ...rest.items].map((e: { entity: string }) => e.entity).sort(),
    ).toEqual(['m1', 'm1/temp']);

    expect((await post('/v1/models/m1/temp/current', { version: 1 })).json()).toMatchObject({
      current: 1,
      previous: 2,
    });
    expect((await post('/v1/models/m1/temp/rollback')).json()).toMatchObject({ current: 2 });
    expectProblem(await post('/v1/models/m1/temp/current', { version: 9 }), 404);
  });

  it('refuses invalid, hostile, oversized and mistyped uploads', async () => {
    const upload = (body: Buffer | string, type = 'application/octet-stream') =>
      call({
        method: 'POST',
        url: '/v1/models/m2/s/versions',
        payload: body,
        headers: { 'content-type': type },
      });
    const hostile = expectProblem(
      await upload(await readFile(refusedPickle)),
      400,
      'invalid-model',
    );
    expect(hostile.detail).toBeTruthy();
    expectProblem(await upload('{"format":"nope"}', 'application/json'), 400, 'invalid-model');
    expectProblem(await upload(Buffer.alloc(300_000, 1)), 413, 'too-large');
    expectProblem(await upload('x', 'text/plain'), 415, 'unsupported-media-type');
    expectProblem(await get('/v1/models/m2/s'), 404);
    // No version to roll back to is a conflict.
    const v1 = JSON.stringify(JSON.parse(await readFile(v1Fixture, 'utf8')).model);
    expect((await upload(v1, 'application/json')).statusCode).toBe(201);
    expectProblem(await post('/v1/models/m2/s/rollback'), 409, 'conflict');
  });
});
