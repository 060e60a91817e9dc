import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetscore, referenceDir, svmFixtures } from '../cli.test-helper.js';

interface Expected {
  rows: number;
  anomalies: number;
  firstAnomalyTimestamps: string[];
}
// Per-model counts computed by scikit-learn with the reference pickles (gen_sklearn.py).
const expected = JSON.parse(
  readFileSync(join(svmFixtures, 'sklearn/reference-expected.json'), 'utf8'),
).models as Record<string, Expected>;

const out = mkdtempSync(join(tmpdir(), 'fleetscore-score-csv-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('fleetscore score-csv on the reference data', () => {
  it('gives exactly the per-model counts scikit-learn gives', async () => {
    const { code, stdout } = await fleetscore(
      'score-csv',
      '--models',
      join(referenceDir, 'models'),
      '--data',
      join(referenceDir, 'sensor_data.csv'),
      '--out',
      out,
      '--json',
    );
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as {
      sensors: { device: string; tag: string; rows: number; anomalies: number; status: string }[];
      total: { models: number; rows: number; anomalies: number };
    };
    expect(summary.sensors).toHaveLength(15);
    for (const s of summary.sensors) {
      const want = expected[`model_${s.device}_${s.tag}`]!;
      expect({ rows: s.rows, anomalies: s.anomalies, status: s.status }).toEqual({
        rows: want.rows,
        anomalies: want.anomalies,
        status: 'scored',
      });
    }
    const totalAnomalies = Object.values(expected).reduce((n, m) => n + m.anomalies, 0);
    expect(summary.total).toEqual({ models: 15, rows: 17768, anomalies: totalAnomalies });
  });

  it('writes preds_{device}_{tag}.csv in the reference layout, TS and Val as read', () => {
    expect(readdirSync(out).sort()).toHaveLength(15);
    const lines = readFileSync(join(out, 'preds_1_1.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('TS,Device,Tag,Val,Prediction');
    expect(lines[1]).toBe('2018-08-28 23:00:05.000,1,1,10.16,0');
    const anomalies = lines.slice(1).filter((l) => l.endsWith(',1'));
    expect(anomalies.map((l) => l.split(',')[0]).slice(0, 50)).toEqual(
      expected.model_1_1!.firstAnomalyTimestamps.slice(0, 50),
    );
  });
});

describe('fleetscore score-csv with gaps', () => {
  it('reports sensors without models and models without data, not fatal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetscore-gaps-'));
    try {
      const data = join(dir, 'data.csv');
      const { writeFileSync, copyFileSync, mkdirSync } = await import('node:fs');
      writeFileSync(
        data,
        'TS,Device,Tag,Value\n2018-08-28 23:00:05.000,1,1,10.5\n2018-08-28 23:00:05.000,9,9,1\n',
      );
      mkdirSync(join(dir, 'models'));
      copyFileSync(join(referenceDir, 'models/model_1_1'), join(dir, 'models/model_1_1'));
      copyFileSync(join(referenceDir, 'models/model_2_1'), join(dir, 'models/model_2_1'));
      const result = await fleetscore(
        'score-csv',
        '--models',
        join(dir, 'models'),
        '--data',
        data,
        '--out',
        join(dir, 'out'),
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^9\s+9\s+1\s+0\s+no model$/m);
      expect(result.stdout).toMatch(/^2\s+1\s+0\s+0\s+no data$/m);
      expect(result.stdout).toMatch(/^1\s+1\s+1\s+\d\s+scored$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 naming the row when a value is not a number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetscore-bad-'));
    try {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(dir, 'data.csv'), 'TS,Device,Tag,Value\nx,1,1,abc\n');
      const result = await fleetscore(
        'score-csv',
        '--models',
        join(referenceDir, 'models'),
        '--data',
        join(dir, 'data.csv'),
        '--out',
        dir,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/row 2: column Value is not a finite number/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
