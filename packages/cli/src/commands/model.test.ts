import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decisionFunction, parseModel, predict } from '@fleetscore/svm';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetscore, referenceDir, svmFixtures } from '../cli.test-helper.js';

const dir = mkdtempSync(join(tmpdir(), 'fleetscore-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const referenceModel = join(referenceDir, 'models/model_1_1');

describe('fleetscore model import', () => {
  it('converts a reference pickle into a v1 document', async () => {
    const out = join(dir, 'm.json');
    const result = await fleetscore(
      'model',
      'import',
      referenceModel,
      '--out',
      out,
      '--features',
      'Value',
    );
    expect(result.code).toBe(0);
    const model = parseModel(JSON.parse(readFileSync(out, 'utf8')));
    expect(model.features).toEqual(['Value']);
    expect(model.kernel).toBe('rbf');
    expect(model.scaler).not.toBeNull();
    expect(model.training).toMatchObject({ importedFrom: 'model_1_1' });
  });

  it('writes to standard output without --out', async () => {
    const result = await fleetscore('model', 'import', referenceModel);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'fleetscore.ocsvm/v1' });
  });

  it('refuses a hostile pickle, naming the global, and runs nothing', async () => {
    const marker = '/tmp/fleetscore-pwned-os-system';
    rmSync(marker, { force: true });
    const result = await fleetscore(
      'model',
      'import',
      join(svmFixtures, 'sklearn/refused/os-system.pkl'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/os\.system/);
    expect(existsSync(marker)).toBe(false);
  });

  it('exits 2 for a file that is not a model', async () => {
    const bogus = join(dir, 'notes.txt');
    writeFileSync(bogus, 'hello');
    const result = await fleetscore('model', 'import', bogus);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a model file/);
  });
});

describe('fleetscore model inspect', () => {
  it('summarises kernel, features, support vectors, scaler and provenance', async () => {
    const { code, stdout } = await fleetscore('model', 'inspect', referenceModel);
    expect(code).toBe(0);
    expect(stdout).toMatch(/kernel\s+rbf \(gamma 0\.01/);
    expect(stdout).toMatch(/support vectors 2/);
    expect(stdout).toMatch(/scaler\s+mean \[12\.3780\]/);
    expect(stdout).toMatch(/0\.19\.2/);
  });
});

describe('fleetscore model eval', () => {
  it('adds decision and prediction columns equal to the engine’s', async () => {
    const modelPath = join(dir, 'eval.json');
    await fleetscore('model', 'import', referenceModel, '--out', modelPath, '--features', 'Value');
    const input = join(dir, 'in.csv');
    const values = [10.16, 12.46, 14.99, 9.0, 20.5];
    writeFileSync(input, `TS,Value\n${values.map((v, i) => `t${i},${v}`).join('\n')}\n`);
    const out = join(dir, 'out.csv');
    const result = await fleetscore(
      'model',
      'eval',
      '--model',
      modelPath,
      '--input',
      input,
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('TS,Value,decision,prediction');
    const model = parseModel(JSON.parse(readFileSync(modelPath, 'utf8')));
    const decisions = decisionFunction(model, Float64Array.from(values));
    const labels = predict(model, Float64Array.from(values));
    lines.slice(1).forEach((line, i) => {
      const [ts, , decision, prediction] = line.split(',');
      expect(ts).toBe(`t${i}`);
      expect(Number(decision)).toBe(decisions[i]);
      expect(Number(prediction)).toBe(labels[i]);
    });
  });

  it('exits 2 naming the missing feature column', async () => {
    const modelPath = join(dir, 'eval2.json');
    await fleetscore('model', 'import', referenceModel, '--out', modelPath, '--features', 'Value');
    const input = join(dir, 'wrong.csv');
    writeFileSync(input, 'TS,Reading\nt0,1\n');
    const result = await fleetscore('model', 'eval', '--model', modelPath, '--input', input);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/lacks the model's feature column\(s\): Value/);
  });
});
