import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryRunId, arbitraryId as id } from './arbitraries.test-helper.js';
import {
  anomalyOf,
  PREDICTION_COLUMNS,
  PREDICTION_HEADER,
  type PredictionRow,
  parsePredictionCsv,
  predictionLine,
  predictionRowSchema,
} from './prediction-row.js';

const RUN = 'hourly-20261125T1000Z';
/** Any finite float64 but −0, which `String` prints as 0 (the decision's sign is not data). */
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0);

/** A row as the API returns it: a sensor's with a value, or a device-level one without. */
const arbitraryRow: fc.Arbitrary<PredictionRow> = fc
  .record({
    ts: fc
      .date({ min: new Date(0), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    device: id,
    sensor: fc.option(id, { nil: '' as const }),
    value: finite,
    decision: finite,
    modelVersion: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    runId: arbitraryRunId,
  })
  .map(({ sensor, value, decision, ...rest }) => ({
    ...rest,
    sensor,
    value: sensor === '' ? null : value,
    anomaly: anomalyOf(decision) === 1,
    decision,
  }));

const lineOf = (r: PredictionRow) =>
  predictionLine(
    r.ts,
    r.device,
    r.sensor,
    r.value ?? undefined,
    r.decision,
    r.modelVersion,
    r.runId,
  );

describe('prediction rows', () => {
  it('round-trip: what predictionLine writes, parsePredictionCsv reads back equal', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRow, { maxLength: 20 }), (rows) => {
        const text = `${PREDICTION_HEADER}${rows.map(lineOf).join('')}`;
        const parsed = parsePredictionCsv('blob', text);
        expect(parsed.map((p) => p.row)).toEqual(rows.map((_, i) => i));
        expect(parsed.map((p) => p.prediction)).toEqual(rows);
        for (const row of rows) expect(predictionRowSchema.parse(row)).toEqual(row);
      }),
      { numRuns: 300 },
    );
  });

  it('reads only the rows the filter keeps, at their positions in the blob', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRow, { maxLength: 20 }), id, (rows, device) => {
        const text = `${PREDICTION_HEADER}${rows.map(lineOf).join('')}`;
        const kept = parsePredictionCsv('blob', text, (d) => d === device);
        const expected = rows.flatMap((r, row) =>
          r.device === device ? [{ row, prediction: r }] : [],
        );
        expect(kept).toEqual(expected);
      }),
    );
  });

  it('writes the reference columns, then the decision, model version and run', () => {
    expect(PREDICTION_HEADER).toBe(`${PREDICTION_COLUMNS.join(',')}\n`);
    expect(PREDICTION_HEADER).toBe('TS,Device,Tag,Val,Prediction,Decision,ModelVersion,RunId\n');
    expect(predictionLine('2026-11-25T10:00:05.000Z', 'd', 's', 0.1 + 0.2, -2, 3, RUN)).toBe(
      `2026-11-25T10:00:05.000Z,d,s,0.30000000000000004,1,-2,3,${RUN}\n`,
    );
    expect(predictionLine('2026-11-25T10:00:05.000Z', 'd', '', undefined, 0.5, 1, RUN)).toBe(
      `2026-11-25T10:00:05.000Z,d,,,0,0.5,1,${RUN}\n`,
    );
  });

  it("labels like libsvm's predict: anomaly unless the decision is strictly positive", () => {
    expect([1e-9, 0, -0, -1, Number.NaN].map(anomalyOf)).toEqual([0, 1, 1, 1, 1]);
  });

  it('refuses a blob or a kept row that predictionLine does not make, naming blob and line', () => {
    const good = predictionLine('2026-11-25T10:00:05.000Z', 'd', 's', 2.5, 1.5, 3, RUN);
    expect(good).toBe(`2026-11-25T10:00:05.000Z,d,s,2.5,0,1.5,3,${RUN}\n`);
    expect(() => parsePredictionCsv('b', 'TS,Device\n')).toThrow(/b: not a prediction blob/);
    expect(() => parsePredictionCsv('b', `${PREDICTION_HEADER}${good.trimEnd()}`)).toThrow(
      /newline-terminated/,
    );
    const bad = [
      good.replace(',0,1.5,', ',1,1.5,'), // Prediction disagrees with the decision
      good.replace(',d,', ',../d,'), // a device that is no id
      good.replace(',s,2.5,', ',,2.5,'), // a device-level row with a value
      good.replace(',s,2.5,', ',s,,'), // a sensor's row without one
      good.replace(',1.5,', ',1.50,'), // a number String() does not print
      good.replace(',1.5,3,', ',1.5,0,'), // no model version is 0
      good.replace(`,${RUN}`, ',x'), // no run id
      good.replace(`,${RUN}`, `,${RUN},extra`),
      good.replace('2026-11-25T10:00:05.000Z', 'yesterday'),
    ];
    for (const line of bad) {
      expect(() => parsePredictionCsv('b', `${PREDICTION_HEADER}${good}${line}`), line).toThrow(
        /b: line 3 is not a prediction row/,
      );
      // A row the filter skips is not read, so it cannot fail the blob.
      expect(parsePredictionCsv('b', `${PREDICTION_HEADER}${line}`, () => false)).toEqual([]);
    }
  });
});
