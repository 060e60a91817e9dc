import { AGGREGATES, type Aggregate, aggregatorConfigSchema, ID_PATTERN } from '@fleetscore/shared';
import { openBlobStore } from '@fleetscore/shared/adapters';
import type { Command } from 'commander';
import { deploymentConfig } from '../deployment-config.js';
import { EXIT, type Io, UsageError } from '../program.js';
import { progress } from '../progress.js';
import { sourceOfPath } from '../windows/blobs.js';
import { type LoadSummary, writeWindowBlobs } from '../windows/load.js';
import { readWindowFile } from '../windows/read.js';

interface LoadOptions {
  csv: string;
  seconds?: string;
  aggregate: string;
  source?: string;
  skipBad?: boolean;
  json?: boolean;
}

/** `fleetscore windows …`: window blobs of the configured deployment. */
export function registerWindows(program: Command, io: Io): void {
  const windows = program
    .command('windows')
    .description('the window blobs of the configured deployment (FLEETSCORE_* storage variables)');

  windows
    .command('load')
    .description(
      'write pre-aggregated windows TS,Device,Tag,Value[,Count] (TS = window end, UTC) into the window blob layout, as if the aggregator had made them',
    )
    .requiredOption('--csv <file>', 'windows CSV, e.g. the reference sensor_data.csv')
    .option('--seconds <n>', 'window length, seconds (default FLEETSCORE_WINDOW_SECONDS, 5)')
    .option('--aggregate <name>', `what Value holds: ${AGGREGATES.join(', ')}`, 'avg')
    .option(
      '--source <id>',
      'blob name part; a re-load of the same source rewrites its blobs (default: the file name)',
    )
    .option('--skip-bad', 'load the good rows and report the bad ones (default: write nothing)')
    .option('--json', 'print the summary as JSON')
    .action((opts: LoadOptions) => load(opts, io));
}

async function load(opts: LoadOptions, io: Io): Promise<void> {
  if (!(AGGREGATES as readonly string[]).includes(opts.aggregate))
    throw new UsageError(`--aggregate must be one of ${AGGREGATES.join(', ')}`);
  const source = opts.source ?? sourceOfPath(opts.csv);
  if (!ID_PATTERN.test(source))
    throw new UsageError(`--source must be 1–64 of A–Z a–z 0–9 _ . -, got "${source}"`);
  // The aggregator's settings: shards, format and aggregates must be what the readers expect.
  const config = deploymentConfig(aggregatorConfigSchema, io.env);
  const seconds = opts.seconds === undefined ? config.windowSeconds : seconds_(opts.seconds);

  const read = await readWindowFile(
    opts.csv,
    { seconds, aggregate: opts.aggregate as Aggregate },
    (rows) => io.stderr.write(`windows load: ${rows} rows read\n`),
  );
  for (const { line, error } of read.bad) io.stderr.write(`line ${line}: ${error}\n`);
  if (read.bad.length > 0 && !opts.skipBad) {
    throw new UsageError(
      `${read.bad.length} of ${read.rows} rows are bad; nothing was written (--skip-bad loads the good ones)`,
    );
  }
  io.stderr.write(`windows load: ${read.windows.length} windows from ${opts.csv}\n`);

  const blobs = await openBlobStore(config.storage);
  const bar = progress(io.stderr as typeof io.stdout, 'writing blobs');
  const summary = await writeWindowBlobs(blobs, read.windows, {
    shards: config.shards,
    source,
    format: config.windowFormat,
    aggregates: config.aggregates.includes(opts.aggregate as Aggregate)
      ? config.aggregates
      : [...config.aggregates, opts.aggregate as Aggregate],
    onBlob: (done, total) => bar.update(done, total),
  });
  bar.done();
  const result = { ...summary, skipped: read.bad.length, container: config.storage.container };
  io.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : text(result));
  if (read.windows.length === 0) process.exitCode = EXIT.failed;
}

function seconds_(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 3600)
    throw new UsageError(
      `--seconds must be a whole number of seconds from 1 to 3600, got "${text}"`,
    );
  return n;
}

function text(s: LoadSummary & { skipped: number; container: string }): string {
  const range = s.from ? `, window ends ${s.from} … ${s.to}` : '';
  const skipped = s.skipped ? `; ${s.skipped} bad rows skipped` : '';
  return `loaded ${s.windows} windows of ${s.sensors} sensors in ${s.hours} hours into ${s.blobs} blobs of container ${s.container}${range}${skipped}\n`;
}
