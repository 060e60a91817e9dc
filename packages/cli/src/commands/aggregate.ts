import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  AGGREGATES,
  type Aggregate,
  isFleetscoreError,
  type Reading,
  readingSchema,
  type WindowRecord,
} from '@fleetscore/shared';
import { createWindowingEngine, type WindowingEngine } from '@fleetscore/shared/windows';
import type { Command } from 'commander';
import { readCsvRows, writeCsv } from '../csv.js';
import { parseDuration } from '../duration.js';
import { type Io, UsageError } from '../program.js';
import { parseTimestamp } from '../training-rows.js';

/** `500ms`, `5s`, `1m` → milliseconds. */
interface AggregateOptions {
  input: string;
  out: string;
  window: string;
  lateness: string;
  aggregate: string;
  latePolicy: string;
  replay?: boolean;
}

export function registerAggregate(program: Command, io: Io): void {
  program
    .command('aggregate')
    .description(
      'window raw readings like the aggregator service (same engine): TS,Device,Tag,Value CSV or NDJSON in, one row per non-empty tumbling window out, stamped with the window end',
    )
    .requiredOption('--input <file>', 'raw readings: .csv (TS,Device,Tag,Value) or .ndjson/.jsonl')
    .requiredOption('--out <csv>', 'windows CSV TS,Device,Tag,Value (TS = window end)')
    .option('--window <duration>', 'tumbling window length, whole seconds', '5s')
    .option('--lateness <duration>', 'allowed lateness behind the newest reading', '5s')
    .option('--aggregate <name>', `one of ${AGGREGATES.join(', ')}`, 'avg')
    .option('--late-policy <policy>', 'drop or adjust (Stream Analytics)', 'drop')
    .option('--replay', 'no lateness clamp: window everything by event time')
    .action((opts: AggregateOptions) => aggregate(opts, io));
}

async function aggregate(opts: AggregateOptions, io: Io): Promise<void> {
  if (!(AGGREGATES as readonly string[]).includes(opts.aggregate))
    throw new UsageError(`--aggregate must be one of ${AGGREGATES.join(', ')}`);
  const aggregateName = opts.aggregate as Aggregate;
  const engine = newEngine(opts, aggregateName);
  const writer = writeCsv(opts.out, ['TS', 'Device', 'Tag', 'Value']);
  const counts = { readings: 0, windows: 0, dropped: 0, adjusted: 0 };
  // Closed windows come out in (end, device, sensor) order: every window opened after a
  // takeClosed ends after the watermark, so later batches sort after earlier ones.
  const drain = async (windows: WindowRecord[]) => {
    for (const w of windows) {
      const value = w.values[aggregateName];
      await writer.write([
        referenceTs(w.end),
        w.device,
        w.sensor,
        value === undefined ? '' : String(value),
      ]);
    }
    counts.windows += windows.length;
    for (const late of engine.takeLate()) counts[late.outcome] += 1;
  };
  for await (const { reading, line } of readRaw(opts.input)) {
    engine.add(reading, line, 0); // no wall clock in batch: idle ticks never apply
    counts.readings += 1;
    if (counts.readings % 1024 === 0) await drain(engine.takeClosed());
  }
  await drain([...engine.takeClosed(), ...engine.flush()]);
  await writer.close();
  io.stderr.write(
    `aggregate: ${counts.readings} readings → ${counts.windows} windows; late: ${counts.dropped} dropped, ${counts.adjusted} adjusted\n`,
  );
}

function newEngine(opts: AggregateOptions, aggregateName: Aggregate): WindowingEngine {
  if (opts.latePolicy !== 'drop' && opts.latePolicy !== 'adjust')
    throw new UsageError(`--late-policy must be drop or adjust, got "${opts.latePolicy}"`);
  try {
    return createWindowingEngine({
      windowMs: parseDuration(opts.window),
      latenessMs: parseDuration(opts.lateness),
      latePolicy: opts.latePolicy,
      aggregates: [aggregateName],
      replay: opts.replay === true,
    });
  } catch (error) {
    if (isFleetscoreError(error, 'CONFIG_INVALID')) throw new UsageError(error.message);
    throw error;
  }
}

/** `2018-08-28T23:00:05.000Z` → the reference's `2018-08-28 23:00:05.000`. */
const referenceTs = (iso: string) => iso.slice(0, 23).replace('T', ' ');

/** Raw readings in file order with their line numbers (the engine's positions). */
async function* readRaw(path: string): AsyncGenerator<{ reading: Reading; line: number }> {
  if (/\.(ndjson|jsonl)$/i.test(path)) {
    const lines = createInterface({
      input: createReadStream(path),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    let line = 0;
    try {
      for await (const text of lines) {
        line += 1;
        // A byte-order mark opens some exported files; it is not part of the first reading.
        const json = line === 1 ? text.replace(/^\uFEFF/, '') : text;
        if (json.trim() !== '') yield { reading: fromJson(json, line), line };
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT')
        throw new UsageError(`cannot read ${path}: no such file`);
      throw error;
    }
    return;
  }
  for await (const { record, line } of readCsvRows(path)) {
    const missing = ['TS', 'Device', 'Tag', 'Value'].filter((column) => !(column in record));
    if (missing.length > 0) throw new UsageError(`${path} lacks column(s): ${missing.join(', ')}`);
    const { TS, Device, Tag, Value } = record;
    yield { reading: normalise({ ts: TS, device: Device, sensor: Tag, value: Value }, line), line };
  }
}

function fromJson(text: string, line: number): Reading {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new UsageError(`line ${line}: not JSON`);
  }
  // The reference simulator's shape {"TS","Device","Tag","Value"}, or the stream's.
  const simulator = typeof raw === 'object' && raw !== null && 'TS' in raw;
  return simulator
    ? normalise({ ts: raw.TS, device: raw.Device, sensor: raw.Tag, value: raw.Value }, line)
    : normalise({ ts: raw?.ts, device: raw?.device, sensor: raw?.sensor, value: raw?.value }, line);
}

/** Checks one raw reading against the stream contract; ids may arrive as numbers. */
function normalise(
  raw: Record<'ts' | 'device' | 'sensor' | 'value', unknown>,
  line: number,
): Reading {
  const asId = (v: unknown) => (typeof v === 'number' ? String(v) : v);
  let ts: string;
  try {
    ts = typeof raw.ts === 'string' ? parseTimestamp(raw.ts).toISOString() : '';
  } catch (error) {
    throw new UsageError(`line ${line}: ${(error as Error).message}`);
  }
  const value =
    typeof raw.value === 'string' && raw.value.trim() !== '' ? Number(raw.value) : raw.value;
  const parsed = readingSchema.safeParse({
    ts,
    device: asId(raw.device),
    sensor: asId(raw.sensor),
    value,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = { ts: 'TS', device: 'Device', sensor: 'Tag', value: 'Value' }[
      String(issue?.path[0])
    ];
    throw new UsageError(`line ${line}: bad ${field ?? 'reading'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
