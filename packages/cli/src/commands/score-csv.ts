import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { failureReason } from '@fleetscore/shared';
import { predict } from '@fleetscore/svm';
import type { Command } from 'commander';
import { writeCsv } from '../csv.js';
import { listModelFiles, readFleetCsv, type SensorRows } from '../fleet-csv.js';
import { loadModelFile } from '../model-file.js';
import { EXIT, type Io } from '../program.js';
import { progress } from '../progress.js';

export interface SensorResult {
  device: string;
  tag: string;
  rows: number;
  anomalies: number;
  status: 'scored' | 'no model' | 'no data' | 'error';
  error?: string;
}

export function registerScoreCsv(program: Command, io: Io): void {
  program
    .command('score-csv')
    .description(
      'the reference batch job for a whole fleet in one process: score every sensor of a TS,Device,Tag,Value CSV with its model_{device}_{tag} and write preds_{device}_{tag}.csv',
    )
    .requiredOption(
      '--models <dir>',
      'folder of model_{device}_{tag} files (pickle, joblib or v1 JSON)',
    )
    .requiredOption('--data <csv>', 'CSV with header TS,Device,Tag,Value')
    .requiredOption('--out <dir>', 'folder for preds_{device}_{tag}.csv (created if missing)')
    .option('--json', 'print the summary as JSON instead of a table')
    .action(async (opts: { models: string; data: string; out: string; json?: boolean }) => {
      const [models, sensors] = await Promise.all([
        listModelFiles(opts.models),
        readFleetCsv(opts.data),
      ]);
      await mkdir(opts.out, { recursive: true });
      const results = await scoreFleet(models, sensors, opts, io);
      io.stdout.write(
        opts.json ? `${JSON.stringify(summarise(results), null, 2)}\n` : table(results),
      );
      if (results.some((r) => r.status === 'error')) process.exitCode = EXIT.failed;
    });
}

async function scoreFleet(
  models: Map<string, string>,
  sensors: Map<string, SensorRows>,
  opts: { models: string; out: string },
  io: Io,
): Promise<SensorResult[]> {
  const keys = [...new Set([...models.keys(), ...sensors.keys()])].sort();
  const bar = progress(io.stderr as typeof io.stdout, 'scoring');
  const results: SensorResult[] = [];
  for (const [i, key] of keys.entries()) {
    const [device = '', tag = ''] = key.split('/');
    const file = models.get(key);
    const rows = sensors.get(key);
    if (file === undefined)
      results.push({
        device,
        tag,
        rows: rows?.values.length ?? 0,
        anomalies: 0,
        status: 'no model',
      });
    else if (rows === undefined)
      results.push({ device, tag, rows: 0, anomalies: 0, status: 'no data' });
    else results.push(await scoreSensor(join(opts.models, file), rows, opts.out));
    bar.update(i + 1, keys.length);
  }
  bar.done();
  return results;
}

async function scoreSensor(path: string, rows: SensorRows, out: string): Promise<SensorResult> {
  const { device, tag } = rows;
  try {
    const { model } = await loadModelFile(path);
    if (model.nFeatures !== 1) {
      throw new Error(
        `the model has ${model.nFeatures} features; score-csv scores one Value column`,
      );
    }
    const labels = predict(model, Float64Array.from(rows.values));
    const writer = writeCsv(join(out, `preds_${device}_${tag}.csv`), [
      'TS',
      'Device',
      'Tag',
      'Val',
      'Prediction',
    ]);
    let anomalies = 0;
    for (const [r, label] of labels.entries()) {
      const anomaly = label === -1 ? 1 : 0;
      anomalies += anomaly;
      await writer.write([rows.ts[r]!, device, tag, rows.raw[r]!, anomaly]);
    }
    await writer.close();
    return { device, tag, rows: labels.length, anomalies, status: 'scored' };
  } catch (error) {
    const message = failureReason(error);
    return { device, tag, rows: rows.values.length, anomalies: 0, status: 'error', error: message };
  }
}

function summarise(results: SensorResult[]) {
  const scored = results.filter((r) => r.status === 'scored');
  return {
    sensors: results,
    total: {
      models: scored.length,
      rows: scored.reduce((n, r) => n + r.rows, 0),
      anomalies: scored.reduce((n, r) => n + r.anomalies, 0),
    },
  };
}

function table(results: SensorResult[]): string {
  const { total } = summarise(results);
  const line = (...cells: (string | number)[]) =>
    `${cells.map((c, i) => (i < 2 ? String(c).padEnd(8) : String(c).padStart(10))).join(' ')}`;
  const rows = results.map(
    (r) =>
      `${line(r.device, r.tag, r.rows, r.anomalies)}  ${r.status}${r.error ? `: ${r.error}` : ''}`,
  );
  return `${[line('Device', 'Tag', 'rows', 'anomalies'), ...rows, line('total', `${total.models} models`, total.rows, total.anomalies)].join('\n')}\n`;
}
