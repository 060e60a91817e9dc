import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApi, TEST_API_KEY, type TestApi } from '@fleetscore/scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetscoreWithEnv, referenceDir } from '../cli.test-helper.js';

let api: TestApi;
let env: Record<string, string>;
let dir: string;
const cli = (...argv: string[]) => fleetscoreWithEnv(env, ...argv);
const reference = (name: string) => join(referenceDir, 'models', name);

beforeAll(async () => {
  api = await startTestApi({ listen: true });
  env = { FLEETSCORE_API_URL: api.url, FLEETSCORE_API_KEY: TEST_API_KEY };
  dir = await mkdtemp(join(tmpdir(), 'fleetscore-models-'));
});
afterAll(async () => {
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('fleetscore models', () => {
  it('import-dir uploads every model file, reports a bad one and exits 1', async () => {
    const folder = join(dir, 'import');
    await mkdir(folder);
    for (const name of ['model_1_1', 'model_1_2', 'model_2_1'])
      await copyFile(reference(name), join(folder, name));
    await writeFile(join(folder, 'model_3_9'), 'not a model at all');
    await writeFile(join(folder, 'README.txt'), 'ignored');

    const { code, stdout, stderr } = await cli('models', 'import-dir', folder);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^model_3_9: Invalid model file: /m);
    expect(stderr).toMatch(/imported 3 of 4 models, 1 failed/);
    expect(stdout).toMatch(/^1\/1 v1 \(pickle\) ← model_1_1$/m);

    const listed = await cli('models', 'list', '--json');
    expect(JSON.parse(listed.stdout).map((e: { entity: string }) => e.entity)).toEqual([
      '1/1',
      '1/2',
      '2/1',
    ]);
  });

  it('uploads, shows, promotes and rolls back one sensor model', async () => {
    expect(
      (await cli('models', 'upload', 'm/temp', reference('model_1_1'), '--note', 'first')).stdout,
    ).toMatch(/^m\/temp v1 \(pickle, \d+ support vectors\) current/);
    expect((await cli('models', 'upload', 'm/temp', reference('model_1_2'))).code).toBe(0);
    const shown = await cli('models', 'show', 'm/temp');
    expect(shown.stdout).toMatch(/current v2 {2}latest v2/);
    expect(shown.stdout).toMatch(/^\* v2 /m);
    expect(shown.stdout).toMatch(/^ {2}v1 .* first$/m);
    expect((await cli('models', 'promote', 'm/temp', '1')).stdout).toMatch(
      /current v1 {2}latest v2 {2}previous v2/,
    );
    expect((await cli('models', 'rollback', 'm/temp')).stdout).toMatch(/current v2/);
    expect((await api.registry.get({ device: 'm', sensor: 'temp' }))?.current).toBe(2);

    const missing = await cli('models', 'promote', 'm/temp', '7');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^fleetscore: Not found: /);
    expect((await cli('models', 'show', 'a/b/c')).code).toBe(2);
  });
});
