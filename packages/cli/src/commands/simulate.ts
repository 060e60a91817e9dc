import type { Command } from 'commander';
import { parseDuration } from '../duration.js';
import { type Io, UsageError } from '../program.js';
import { ANOMALY_KINDS, type AnomalyKind } from '../simulate/anomalies.js';
import { createSimulation, slotCount } from '../simulate/generator.js';
import { createHttpSink } from '../simulate/http-sink.js';
import { writeLabels } from '../simulate/labels-file.js';
import { createNdjsonSink } from '../simulate/ndjson-sink.js';
import { runSimulation } from '../simulate/run.js';
import { countAnomalies, formatSummary, type SimulationSummary } from '../simulate/summary.js';
import { parseTimestamp } from '../training-rows.js';

interface SimulateOptions {
  devices: string;
  sensors: string;
  rate: string;
  anomalyRate: string;
  kinds: string;
  seed: string;
  to?: string;
  apiKey?: string;
  from?: string;
  duration?: string;
  out?: string;
  labels?: string;
  batchSize: string;
  maxRetries: string;
  json?: boolean;
}

export function registerSimulate(program: Command, io: Io): void {
  program
    .command('simulate')
    .description(
      'send simulated readings like the reference simulator (uniform per sensor range), with labelled injected anomalies; in real time, or a past span instantly with --from/--duration',
    )
    .option('--devices <n>', 'devices "1".."n"', '3')
    .option('--sensors <m>', 'sensors "1".."m" per device', '5')
    .option('--rate <r>', 'readings per second over the whole fleet', '1.5')
    .option('--anomaly-rate <p>', 'probability an anomaly starts per (device, sensor, minute)', '0')
    .option('--kinds <list>', 'anomaly kinds to inject', ANOMALY_KINDS.join(','))
    .option('--seed <s>', 'PRNG seed (same seed, same readings and labels)', '1')
    .option('--to <url>', 'ingest service base URL (POST /v1/readings)')
    .option('--api-key <key>', 'sent as Authorization: Bearer <key>')
    .option(
      '--from <time>',
      'event time of the first reading; generates instantly (needs --duration)',
    )
    .option('--duration <d>', 'span to generate: 500ms, 90s, 10m, 1h (real time: stop after it)')
    .option('--out <file>', 'write readings as NDJSON instead of sending them')
    .option('--labels <file>', 'ground-truth anomaly labels (.csv, else NDJSON)')
    .option('--batch-size <n>', 'readings per request or write', '500')
    .option('--max-retries <n>', 'consecutive retries of one batch before giving up', '20')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: SimulateOptions) => {
      const devices = integer('--devices', opts.devices, 1);
      const sensors = integer('--sensors', opts.sensors, 1);
      const rate = positive('--rate', opts.rate);
      const anomalyRate = Number(opts.anomalyRate);
      if (!(anomalyRate >= 0 && anomalyRate <= 1))
        throw new UsageError(`--anomaly-rate must be in [0, 1], got "${opts.anomalyRate}"`);
      const kinds = parseKinds(opts.kinds);
      if ((opts.to === undefined) === (opts.out === undefined))
        throw new UsageError('give exactly one of --to <ingest url> or --out <readings.ndjson>');
      if (opts.from !== undefined && opts.duration === undefined)
        throw new UsageError('--from needs --duration (e.g. --duration 1h)');
      const durationMs = opts.duration === undefined ? undefined : parseSpan(opts.duration);
      const realtime = opts.from === undefined;
      const startMs = realtime ? Date.now() : parseTimestamp(opts.from as string).getTime();
      const seed = integer('--seed', opts.seed, 0);
      const simulation = createSimulation({
        devices,
        sensors,
        rate,
        startMs,
        anomalyRate,
        seed,
        kinds,
      });
      const http =
        opts.to === undefined
          ? undefined
          : createHttpSink({
              url: validUrl(opts.to),
              apiKey: opts.apiKey,
              maxRetries: integer('--max-retries', opts.maxRetries, 0),
            });
      const sink = http ?? createNdjsonSink(opts.out as string);
      const slots = durationMs === undefined ? undefined : slotCount(rate, durationMs);

      // Ctrl-C: stop generating, flush, print the summary; a second Ctrl-C kills as usual.
      const stop = new AbortController();
      const onSigint = () => stop.abort(new Error('interrupted'));
      process.once('SIGINT', onSigint);
      const tty = (io.stderr as typeof io.stdout).isTTY === true;
      const began = performance.now();
      try {
        const stats = await runSimulation({
          simulation,
          sink,
          slots,
          realtime,
          signal: stop.signal,
          batchSize: integer('--batch-size', opts.batchSize, 1),
          onProgress: (s) => {
            if (tty)
              io.stderr.write(
                `\r${s.delivered}${slots === undefined ? '' : `/${slots}`} readings, ${http?.retries ?? 0} retries`,
              );
          },
        });
        if (tty) io.stderr.write('\n');
        const labels = simulation.finish();
        if (opts.labels !== undefined) await writeLabels(opts.labels, labels);
        const summary: SimulationSummary = {
          ...stats,
          target: sink.target,
          retries: http?.retries ?? 0,
          seconds: (performance.now() - began) / 1000,
          anomalies: countAnomalies(labels),
          labels: opts.labels,
          ...(stats.slots > 0 && {
            from: new Date(startMs).toISOString(),
            to: new Date(simulation.timeOf(stats.slots - 1)).toISOString(),
          }),
        };
        io.stdout.write(
          opts.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary),
        );
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}

/** A positive `--duration`. */
function parseSpan(text: string): number {
  const ms = parseDuration(text);
  if (ms <= 0) throw new UsageError(`--duration must be positive, got "${text}"`);
  return ms;
}

function integer(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min)
    throw new UsageError(`${name} must be an integer ≥ ${min}, got "${text}"`);
  return n;
}

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!(Number.isFinite(n) && n > 0))
    throw new UsageError(`${name} must be a positive number, got "${text}"`);
  return n;
}

function parseKinds(text: string): AnomalyKind[] {
  const kinds = text
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  const bad = kinds.filter((k) => !(ANOMALY_KINDS as readonly string[]).includes(k));
  if (bad.length > 0)
    throw new UsageError(
      `unknown anomaly kind ${bad.join(', ')} (known: ${ANOMALY_KINDS.join(', ')})`,
    );
  return kinds as AnomalyKind[];
}

function validUrl(text: string): string {
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol))
    throw new UsageError(`--to must be an http(s) URL, got "${text}"`);
  return text;
}
