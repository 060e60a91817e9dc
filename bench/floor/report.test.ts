import { describe, expect, it } from 'vitest';
import { verdictWord } from '../run/figures.js';
import { compareFile, emptyAgreement } from './agreement.js';
import {
  agreementLines,
  best,
  type FloorPoint,
  floorTable,
  floorVerdicts,
  runsLine,
  speedup,
} from './report.js';

const same = () => {
  const a = emptyAgreement();
  compareFile(
    a,
    'preds_d_s.csv',
    'TS,Device,Tag,Val,Prediction\nt,d,s,1,0\n',
    'TS,Device,Tag,Val,Prediction\nt,d,s,1,0\n',
  );
  return a;
};
const flipped = () => {
  const a = emptyAgreement();
  compareFile(
    a,
    'preds_d_s.csv',
    'TS,Device,Tag,Val,Prediction\nt,d,s,1,0\n',
    'TS,Device,Tag,Val,Prediction\nt,d,s,1,1\n',
  );
  return a;
};
const point = (over: Partial<FloorPoint>): FloorPoint => ({
  sensors: 2000,
  rows: 1_440_000,
  csvBytes: 54_300_000,
  python: [6, 5.5, 5.8],
  cli: [17, 16.5, 18],
  agreements: [same(), same(), same()],
  ...over,
});

describe('bench:floor report', () => {
  it('takes the best run of each side and the speed-up best against best', () => {
    expect(best([3, 1, 2])).toBe(1);
    expect(best([])).toBeNaN();
    expect(speedup(point({ python: [6, 5], cli: [2, 1] }))).toBe(5);
  });

  it('prints the table and every run', () => {
    expect(floorTable([point({})])).toEqual([
      '| sensors | rows | CSV MB | python s | score-csv s | python ÷ score-csv |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
      '| 2,000 | 1,440,000 | 54 | 5.50 | 16.50 | 0.33× |',
    ]);
    expect(runsLine(point({}))).toBe(
      '2000 sensors, every run: python 6.00 5.50 5.80 · score-csv 17.00 16.50 18.00',
    );
  });

  it('judges ≥ 5× on both sides of the bound, and misses it when the outputs disagree', () => {
    const judged = floorVerdicts([
      point({ python: [10], cli: [2], agreements: [same()] }),
      point({ sensors: 10_000, python: [10], cli: [2.01], agreements: [same()] }),
      point({ python: [100], cli: [1], agreements: [same(), flipped()] }),
      point({ python: [100], cli: [1], agreements: [] }),
    ]);
    expect(judged.map(verdictWord)).toEqual(['PASS', 'MISS', 'MISS', 'MISS']);
    expect(judged[0]?.target).toBe('score-csv ≥ 5× faster than the Python loop (2000 sensors)');
    expect(judged[1]?.measured).toBe('4.98×');
    expect(judged[2]?.measured).toBe('100.00×, outputs disagree');
  });

  it('prints one agreement line when every run found the same, else one per run', () => {
    expect(agreementLines(point({}))).toEqual([
      'agreement 2000 sensors, each of 3 runs: 1 files, 1 rows: predictions identical on every row; files byte-identical',
    ]);
    const mixed = agreementLines(point({ agreements: [same(), flipped()] }));
    expect(mixed).toHaveLength(2);
    expect(mixed[1]).toMatch(/^agreement 2000 sensors, run 2: 1 files, 1 rows: DISAGREE/);
  });
});
