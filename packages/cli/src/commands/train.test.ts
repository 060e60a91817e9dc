import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitOneClassSvm, parseModel } from '@fleetscore/svm';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetscore, referenceDir } from '../cli.test-helper.js';

const dir = mkdtempSync(join(tmpdir(), 'fleetscore-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = join(referenceDir, 'sensor_data.csv');

describe('fleetscore model train', () => {
  it('fits one sensor’s hour with the reference defaults, as the engine does', async () => {
    const out = join(dir, 'm.json');
    const result = await fleetscore(
      'model',
      'train',
      '--data',
      data,
      '--device',
      '2',
      '--tag',
      '4',
      '--from',
      '2018-08-28 23:00:00',
      '--to',
      '2018-08-29T00:00:00Z',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /trained on \d+ rows in [\d.]+ ms: n_iter \d+, \d+ support vectors/,
    );
    const model = parseModel(JSON.parse(readFileSync(out, 'utf8')));
    expect(model.features).toEqual(['Value']);
    expect(model.scaler).not.toBeNull();
    expect(model.gamma).toBe(0.01);
    expect(model.training).toMatchObject({
      nu: 0.0001,
      device: '2',
      tag: '4',
      source: 'sensor_data.csv',
    });

    // The same selection, by hand: rows of sensor 2/4 with 23:00 ≤ TS < 00:00.
    const values = readFileSync(data, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .filter(([ts, d, t]) => d === '2' && t === '4' && ts! < '2018-08-29 00:00:00')
      .map(([, , , v]) => Number(v));
    const direct = fitOneClassSvm(Float64Array.from(values), 1, {
      nu: 0.0001,
      gamma: 0.01,
      standardize: true,
      features: ['Value'],
    });
    expect(model.training.nSamples).toBe(values.length);
    expect(Array.from(model.dualCoef)).toEqual(Array.from(direct.dualCoef));
    expect(model.intercept).toBe(direct.intercept);
  });

  it('trains a multi-feature model from a wide CSV with explicit parameters', async () => {
    const wide = join(dir, 'wide.csv');
    const lines = ['a,b'];
    for (let i = 0; i < 50; i++) lines.push(`${Math.sin(i)},${Math.cos(i * 0.7)}`);
    writeFileSync(wide, `${lines.join('\n')}\n`);
    const out = join(dir, 'wide.json');
    const result = await fleetscore(
      'model',
      'train',
      '--data',
      wide,
      '--features',
      'a,b',
      '--nu',
      '0.2',
      '--gamma',
      'scale',
      '--kernel',
      'rbf',
      '--no-standardize',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    const model = parseModel(JSON.parse(readFileSync(out, 'utf8')));
    expect(model.nFeatures).toBe(2);
    expect(model.scaler).toBeNull();
    expect(model.training).toMatchObject({ nu: 0.2, nSamples: 50 });
  });

  it('exits 2 with a clear message for bad input', async () => {
    const out = join(dir, 'bad.json');
    const nu = await fleetscore('model', 'train', '--data', data, '--nu', '1.5', '--out', out);
    expect(nu.code).toBe(2);
    expect(nu.stderr).toMatch(/nu/);
    const none = await fleetscore(
      'model',
      'train',
      '--data',
      data,
      '--device',
      'nope',
      '--out',
      out,
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no rows match/);
    const kernel = await fleetscore(
      'model',
      'train',
      '--data',
      data,
      '--kernel',
      'cubic',
      '--out',
      out,
    );
    expect(kernel.code).toBe(2);
  });
});
