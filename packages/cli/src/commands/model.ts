import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { decisionFunction, type OcsvmModel, predict, toDocument } from '@fleetscore/svm';
import type { Command } from 'commander';
import { type CsvRow, readCsvRows, toNumber, writeCsv } from '../csv.js';
import { loadModelFile } from '../model-file.js';
import { type Io, UsageError } from '../program.js';
import { registerTrain } from './train.js';

const featureList = (value: string) => value.split(',').map((name) => name.trim());

export function registerModel(program: Command, io: Io): void {
  const model = program
    .command('model')
    .description('import, inspect, evaluate and train one-class SVM models');

  registerTrain(model, io);

  model
    .command('import')
    .description(
      'convert a scikit-learn pickle or joblib file (OneClassSVM, or StandardScaler + OneClassSVM pipeline) to a fleetscore.ocsvm/v1 JSON document, without executing it',
    )
    .argument('<file>', 'pickle (protocol 2–5) or joblib file (plain, zlib or gzip)')
    .option('-o, --out <file>', 'where to write the JSON document (default: standard output)')
    .option('--features <names>', 'comma-separated feature names (pickles carry none)', featureList)
    .action(async (file: string, opts: { out?: string; features?: string[] }) => {
      const { model: m } = await loadModelFile(file, { features: opts.features });
      const doc = toDocument(withProvenance(m, { importedFrom: basename(file) }));
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      if (opts.out === undefined) io.stdout.write(text);
      else {
        await writeFile(opts.out, text);
        io.stderr.write(`wrote ${opts.out} (${m.kernel}, ${m.nSupport} support vectors)\n`);
      }
    });

  model
    .command('inspect')
    .description('print a model’s kernel, features, support vectors, scaler and provenance')
    .argument('<file>', 'v1 JSON document, pickle or joblib file')
    .option('--json', 'print the v1 JSON document instead of a summary')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { model: m, source } = await loadModelFile(file);
      if (opts.json) return void io.stdout.write(`${JSON.stringify(toDocument(m), null, 2)}\n`);
      io.stdout.write(describeModel(m, source));
    });

  model
    .command('eval')
    .description('score a CSV whose header names the model’s features; adds decision,prediction')
    .requiredOption('-m, --model <file>', 'v1 JSON document, pickle or joblib file')
    .requiredOption('-i, --input <csv>', 'input CSV with a header row')
    .option('-o, --out <csv>', 'output CSV (default: standard output)')
    .action(async (opts: { model: string; input: string; out?: string }) => {
      const { model: m } = await loadModelFile(opts.model);
      await evalCsv(m, opts.input, opts.out, io);
    });
}

function withProvenance(m: OcsvmModel, extra: Record<string, unknown>): OcsvmModel {
  return { ...m, training: { ...m.training, ...extra } };
}

function describeModel(m: OcsvmModel, source: string): string {
  const fmt = (values: Float64Array) =>
    `[${Array.from(values, (v) => v.toPrecision(6)).join(', ')}]`;
  const lines = [
    `source          ${source}`,
    `kernel          ${m.kernel} (gamma ${m.gamma}, coef0 ${m.coef0}, degree ${m.degree})`,
    `features        ${m.nFeatures}: ${m.features.join(', ')}`,
    `support vectors ${m.nSupport}`,
    `intercept       ${m.intercept}`,
    `scaler          ${m.scaler ? `mean ${fmt(m.scaler.mean)} scale ${fmt(m.scaler.scale)}` : 'none'}`,
    `provenance      ${JSON.stringify(m.training)}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Scores rows in blocks so memory stays flat on large inputs. */
async function evalCsv(m: OcsvmModel, input: string, out: string | undefined, io: Io) {
  const block = 4096;
  let writer: ReturnType<typeof writeCsv> | undefined;
  let header: string[] = [];
  let pending: CsvRow[] = [];
  let count = 0;
  const flush = async () => {
    const rows = new Float64Array(pending.length * m.nFeatures);
    pending.forEach(({ record, line }, r) => {
      m.features.forEach((name, f) => {
        rows[r * m.nFeatures + f] = toNumber(record[name], name, line);
      });
    });
    const decision = decisionFunction(m, rows);
    const labels = predict(m, rows);
    for (const [r, { record }] of pending.entries()) {
      await writer?.write([...header.map((h) => record[h] ?? ''), decision[r]!, labels[r]!]);
    }
    pending = [];
  };
  for await (const row of readCsvRows(input)) {
    const { record } = row;
    count += 1;
    if (writer === undefined) {
      header = Object.keys(record);
      const missing = m.features.filter((name) => !header.includes(name));
      if (missing.length > 0) {
        throw new UsageError(`${input} lacks the model's feature column(s): ${missing.join(', ')}`);
      }
      writer = writeCsv(out ?? io.stdout, [...header, 'decision', 'prediction']);
    }
    pending.push(row);
    if (pending.length === block) await flush();
  }
  if (writer === undefined) throw new UsageError(`${input} has no data rows`);
  await flush();
  await writer.close();
  if (out !== undefined) io.stderr.write(`wrote ${out} (${count} rows)\n`);
}
