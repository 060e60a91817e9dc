import { describe, expect, it } from 'vitest';
import {
  compareWithExpected,
  type ExpectedNumbers,
  sumReports,
} from '../../deploy/local/demo/reference-compare.js';

const H0 = '2018-08-28T23:00:00.000Z';
const H1 = '2018-08-29T00:00:00.000Z';
const reports = [
  {
    from: '2018-08-28T23:00:00Z',
    entities: [
      { entity: '1/1', rows: 700, anomalies: 3 },
      { entity: '1/2', rows: 710, anomalies: 710 },
    ],
  },
  {
    from: '2018-08-29T00:00:00.000Z',
    entities: [
      { entity: '1/2', rows: 5, anomalies: 5 },
      { entity: '1/1', rows: 0, anomalies: 0 },
    ],
  },
];

const expected: ExpectedNumbers = {
  data: { sha256: 'x', rows: 1415 },
  models: {},
  hours: [H0, H1],
  total: { rows: 1415, anomalies: 718 },
  perHour: { [H0]: { rows: 1410, anomalies: 713 }, [H1]: { rows: 5, anomalies: 5 } },
  perModel: {
    '1_1': { rows: 700, anomalies: 3, perHour: {} },
    '1_2': { rows: 715, anomalies: 715, perHour: {} },
  },
};

describe('sumReports', () => {
  it('adds the reports up per model (<device>_<tag>), per run hour and in total', () => {
    expect(sumReports(reports)).toEqual({
      total: expected.total,
      perHour: expected.perHour,
      perModel: { '1_1': { rows: 700, anomalies: 3 }, '1_2': { rows: 715, anomalies: 715 } },
    });
  });
});

describe('compareWithExpected', () => {
  it('finds no difference when the numbers are equal', () => {
    expect(compareWithExpected(sumReports(reports), expected)).toEqual([]);
  });

  it('names each model, hour and total that differs, and models on one side only', () => {
    const found = sumReports(reports);
    found.perModel['1_1'] = { rows: 700, anomalies: 4 };
    found.perModel['9_9'] = { rows: 1, anomalies: 0 };
    expect(compareWithExpected(found, expected)).toEqual([
      'model 1_1: 700 rows, 4 anomalies; scikit-learn 700, 3',
      'model 9_9: 1 rows, 0 anomalies; scikit-learn 0, 0',
    ]);
    const { [H1]: _, ...oneHour } = found.perHour;
    expect(
      compareWithExpected({ ...found, perModel: expected.perModel, perHour: oneHour }, expected),
    ).toEqual([`hour ${H1}: 0 rows, 0 anomalies; scikit-learn 5, 5`]);
  });
});
