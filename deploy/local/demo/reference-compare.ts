/**
 * The reference demo's arithmetic: adding run reports up per model and hour, comparing them
 * with scikit-learn's numbers, and telling whether the material is the reference's own.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ReportBody } from '@fleetscore/shared';
import { type ModelTotals, perModelKey } from './summary.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** test/fixtures/reference/expected.json (written by gen_reference.py). */
export interface ExpectedNumbers {
  data: { sha256: string; rows: number };
  /** `model_{device}_{tag}` → SHA-256 of the pickle. */
  models: Record<string, string>;
  hours: string[];
  total: ModelTotals;
  perHour: Record<string, ModelTotals>;
  perModel: Record<string, ModelTotals & { perHour: Record<string, ModelTotals> }>;
}

/** What the runs found: per model, per UTC hour (a run's window start) and in total. */
export interface Found {
  total: ModelTotals;
  perHour: Record<string, ModelTotals>;
  perModel: Record<string, ModelTotals>;
}

/** Rows and anomalies per model, per run hour and in total, from completeness reports. Pure. */
export function sumReports(
  reports: readonly {
    from: string;
    entities: readonly Pick<ReportBody['entities'][number], 'entity' | 'rows' | 'anomalies'>[];
  }[],
): Found {
  const found: Found = { total: { rows: 0, anomalies: 0 }, perHour: {}, perModel: {} };
  const add = (into: Record<string, ModelTotals>, key: string, rows: number, anomalies: number) => {
    const totals = into[key] ?? { rows: 0, anomalies: 0 };
    into[key] = { rows: totals.rows + rows, anomalies: totals.anomalies + anomalies };
  };
  for (const report of reports) {
    const hour = iso(Date.parse(report.from));
    for (const { entity, rows, anomalies } of report.entities) {
      const [device = entity, sensor = ''] = entity.split('/');
      add(found.perModel, perModelKey(device, sensor), rows, anomalies);
      add(found.perHour, hour, rows, anomalies);
      found.total.rows += rows;
      found.total.anomalies += anomalies;
    }
  }
  found.perModel = Object.fromEntries(
    Object.entries(found.perModel).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return found;
}

/** Every difference from scikit-learn's numbers, worded for a person; empty when equal. Pure. */
export function compareWithExpected(found: Found, expected: ExpectedNumbers): string[] {
  const differences: string[] = [];
  const check = (what: string, got: ModelTotals | undefined, want: ModelTotals | undefined) => {
    const g = got ?? { rows: 0, anomalies: 0 };
    const w = want ?? { rows: 0, anomalies: 0 };
    if (g.rows !== w.rows || g.anomalies !== w.anomalies)
      differences.push(
        `${what}: ${g.rows} rows, ${g.anomalies} anomalies; scikit-learn ${w.rows}, ${w.anomalies}`,
      );
  };
  const union = (a: object, b: object) =>
    [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of union(found.perModel, expected.perModel))
    check(`model ${key}`, found.perModel[key], expected.perModel[key]);
  for (const hour of union(found.perHour, expected.perHour))
    check(`hour ${hour}`, found.perHour[hour], expected.perHour[hour]);
  check('total', found.total, expected.total);
  return differences;
}

/** Whether the data file and every expected pickle are byte for byte the reference's. */
export async function isReferenceMaterial(
  data: string,
  models: string,
  expected: Pick<ExpectedNumbers, 'data' | 'models'>,
): Promise<boolean> {
  const sha = async (path: string) =>
    createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  try {
    if ((await sha(data)) !== expected.data.sha256) return false;
    for (const [name, digest] of Object.entries(expected.models))
      if ((await sha(resolve(models, name))) !== digest) return false;
    return true;
  } catch {
    return false; // a pickle missing: not the reference's folder
  }
}
