import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceDir } from './cli.test-helper.js';
import { loadModelFiles } from './model-file.js';
import { loadOnThread, readModels } from './read-models.js';

const task = {
  dir: join(referenceDir, 'models'),
  files: [
    ['1/1', 'model_1_1'],
    ['2/1', 'model_2_1'],
    ['9/9', 'model_9_9'],
  ] as [string, string][],
};

describe('readModels', () => {
  it('loads on its thread what loadModelFiles loads here, failures as messages', async () => {
    const here = loadModelFiles(task);
    expect(await loadOnThread(task)).toEqual(here);
    expect(here.map(([key, loaded]) => [key, 'model' in loaded])).toEqual([
      ['1/1', true],
      ['2/1', true],
      ['9/9', false],
    ]);
  });

  it('gives each key its model, or an error with the message of why not', async () => {
    const models = await readModels(task.dir, new Map(task.files));
    expect('model' in models.get('1/1')!).toBe(true);
    const missing = models.get('9/9')!;
    expect('error' in missing && (missing.error as Error).message).toMatch(
      /^cannot read model file .*model_9_9: ENOENT/,
    );
  });

  it('stops its thread when told', async () => {
    const stop = new AbortController();
    const reading = loadOnThread(task, stop.signal);
    stop.abort();
    await expect(reading).rejects.toThrow();
  });
});
