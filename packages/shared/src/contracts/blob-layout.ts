import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FleetscoreError } from '../errors.js';
import { parseEntityKey } from './entity.js';
import { ID_PATTERN } from './ids.js';
import { RUN_ID_PATTERN, runIdSchema } from './run-id.js';
import { WINDOW_FORMATS, type WindowFormat } from './window-formats.js';

/**
 * Every blob name of a deployment's container: the contract between the process that writes a
 * blob and those that read it. Names are built here only, from validated ids only: each builder
 * checks the ids it is given even though the edges already did, and throws otherwise (the error
 * types are each builder's own, as docs/security.md lists them).
 *
 *   windows/{yyyy}/{MM}/{dd}/{HH}/shard={s}/p{partition}-{fromSeq}-{toSeq}-{watermark}.{format}
 *   windows/{yyyy}/{MM}/{dd}/{HH}/shard={s}/load-{source}.{format}  aggregator, `windows load`
 *   late-events/{yyyy}/{MM}/{dd}/{HH}/p{partition}-{fromSeq}-{toSeq}-{watermark}.ndjson
 *   dead-events/{yyyy}/{MM}/{dd}/{HH}/p{partition}-{seq}.json     aggregator (audit)
 *   aggregator-state/{group}/p{partition}.json      aggregator → the partition's next owner
 *   predictions/{yyyy}/{MM}/{dd}/{HH}/run={runId}/job={n}.csv     scorer → API, demo
 *   logs/run={runId}/job={n}.ndjson                 scorer → reconciler
 *   runs/{runId}/plan.json, runs/{runId}/report.json   scheduler → its replicas, API
 *   models/{device}[/{sensor}]/v{n}.json            registry
 *   model-packs/{sha256}.ndjson                     scorer → scorers
 *
 * Window, late and dead event folders are partitioned by **event time** (a window's end, UTC
 * hour) and device shard (`shardOf(device, S)`), never by processing time; predictions by the
 * UTC hour of their job's window start. A window ending exactly on the hour (end-inclusive)
 * belongs to the hour that starts there.
 */
export const HOUR_MS = 3_600_000;

/** Stream sequence numbers are zero-padded so that name order is stream order. */
const SEQ_DIGITS = 16;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const invalid = (what: string, value: unknown) =>
  new FleetscoreError('CONFIG_INVALID', `bad ${what} ${JSON.stringify(value)}`);

function checkId(what: string, id: string): string {
  if (!ID_PATTERN.test(id)) throw invalid(what, id);
  return id;
}

function checkSeq(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0)
    throw new FleetscoreError('CONFIG_INVALID', `bad sequence number ${seq}`);
  return pad(seq, SEQ_DIGITS);
}

function checkFormat(format: WindowFormat): WindowFormat {
  if (!WINDOW_FORMATS.includes(format)) throw invalid('window format', format);
  return format;
}

/** `{root}/{yyyy}/{MM}/{dd}/{HH}/` of the UTC hour holding `ms`. */
export function hourPath(
  root: 'windows' | 'late-events' | 'dead-events' | 'predictions',
  ms: number,
): string {
  const d = new Date(Math.floor(ms / HOUR_MS) * HOUR_MS);
  if (Number.isNaN(d.getTime())) throw new FleetscoreError('CONFIG_INVALID', `bad time ${ms}`);
  const date = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
  return `${root}/${date}/${pad(d.getUTCHours())}/`;
}

/** The UTC hour starts (ms) that overlap `[fromMs, toMs)`. */
export function hoursBetween(fromMs: number, toMs: number): number[] {
  const hours: number[] = [];
  for (let h = Math.floor(fromMs / HOUR_MS) * HOUR_MS; h < toMs; h += HOUR_MS) hours.push(h);
  return hours;
}

// --- windows and the aggregator's audit and state ---------------------------------------

/** Six digits at most (`WINDOW_BLOB_PATTERN`); deployments have up to 4096 shards. */
const MAX_SHARD = 999_999;

/** The folder of one (hour, shard) of windows. */
export function windowShardPath(hourMs: number, shard: number): string {
  if (!Number.isSafeInteger(shard) || shard < 0 || shard > MAX_SHARD)
    throw new FleetscoreError('CONFIG_INVALID', `bad shard ${shard}`);
  return `${hourPath('windows', hourMs)}shard=${shard}/`;
}

/**
 * A segment: the stream range `[fromSeq, toSeq]` of one partition processed since its last
 * flush, and the watermark (ms) at which the segment's windows were taken (`x` when there is
 * none, in replay). Derived from the stream position and event time only, so a replay of the
 * same range to the same watermark rewrites the same blob instead of adding a second one,
 * while two flushes of one run never share a name (the watermark moves between flushes that
 * read no new events). The extension is the blob's format (default `ndjson`; late events are
 * always NDJSON), which is how readers pick the parser.
 */
export function segmentName(
  partitionId: string,
  fromSeq: number,
  toSeq: number,
  watermarkMs: number,
  format: WindowFormat = 'ndjson',
): string {
  checkFormat(format);
  const mark = Number.isFinite(watermarkMs) ? String(Math.floor(watermarkMs)) : 'x';
  return `p${checkId('partition id', partitionId)}-${checkSeq(fromSeq)}-${checkSeq(toSeq)}-${mark}.${format}`;
}

/**
 * The blob of windows loaded from a file by `fleetscore windows load`, in the aggregator's
 * layout: named by the source only, so loading the same source again rewrites its blobs.
 */
export function loadedWindowsName(
  hourMs: number,
  shard: number,
  source: string,
  format: WindowFormat,
): string {
  checkId('source id', source);
  return `${windowShardPath(hourMs, shard)}load-${source}.${checkFormat(format)}`;
}

export function deadEventName(partitionId: string, seq: number, atMs: number): string {
  return `${hourPath('dead-events', atMs)}p${checkId('partition id', partitionId)}-${checkSeq(seq)}.json`;
}

/** The state blob of one (consumer group, partition) of the aggregator. */
export function aggregatorStateName(group: string, partitionId: string): string {
  return `aggregator-state/${checkId('consumer group', group)}/p${checkId('partition id', partitionId)}.json`;
}

/**
 * A window blob of the layout (`windows/yyyy/MM/dd/HH/shard={s}/{segment}`), nothing else: how
 * the names a plan lists are checked again when a job reads them back. Every folder is fixed
 * or digits, and the file name starts with a letter or digit and has no `/`, so no segment can
 * be `.` or `..`; a `..` inside the file name (`load-x..ndjson`, from the source id `x.`) is
 * only text, and a name the builders make.
 */
export const WINDOW_BLOB_PATTERN =
  /^windows\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/shard=(\d{1,6})\/[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
export const windowBlobNameSchema = z
  .string()
  .regex(WINDOW_BLOB_PATTERN, 'expected a window blob name');

/**
 * The shard `s` of a window blob's name, or `undefined` for a name that is no window blob
 * (`windowBlobNameSchema`): what a planner lists is what a job's payload may then carry.
 */
export function windowBlobShard(name: string): number | undefined {
  const shard = WINDOW_BLOB_PATTERN.exec(name)?.[1];
  return shard === undefined ? undefined : Number(shard);
}

// --- a run's blobs ----------------------------------------------------------------------

function checkJob(runId: string, jobIndex: number): void {
  runIdSchema.parse(runId);
  if (!Number.isSafeInteger(jobIndex) || jobIndex < 0) {
    throw new RangeError(`bad job index ${jobIndex}`);
  }
}

/**
 * `predictions/{yyyy}/{MM}/{dd}/{HH}/run={runId}/job={n}.csv`, the UTC hour of the job's window
 * start `from`. Deterministic per (run, job), so a retried or redelivered job overwrites its
 * own blob instead of adding a second copy.
 */
export function predictionsBlobName(runId: string, jobIndex: number, from: Date): string {
  checkJob(runId, jobIndex);
  if (Number.isNaN(from.getTime())) throw new RangeError('bad job start');
  return `${predictionsHourPrefix(from.getTime())}run=${runId}/job=${jobIndex}.csv`;
}

/** `predictions/{yyyy}/{MM}/{dd}/{HH}/`: where the jobs of runs starting in that hour write. */
function predictionsHourPrefix(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`bad prediction time ${ms}`);
  return hourPath('predictions', ms);
}

/** The prefixes of the prediction blobs of every UTC hour overlapping `[fromMs, toMs)`. */
export function predictionsHourPrefixes(fromMs: number, toMs: number): string[] {
  // A non-finite bound would make no name (NaN) or never end (-Infinity): callers pass parsed,
  // validated times, so this is a bug, not input.
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
    throw new RangeError(`bad prediction range ${fromMs}..${toMs}`);
  }
  return hoursBetween(fromMs, toMs).map(predictionsHourPrefix);
}

/** The prefix of one run's prediction blobs: the hour of its window start, then the run. */
export function runPredictionsPrefix(runId: string, fromMs: number): string {
  return `${predictionsHourPrefix(fromMs)}run=${runIdSchema.parse(runId)}/`;
}

const PREDICTIONS_NAME =
  /^predictions\/(\d{4})\/(\d\d)\/(\d\d)\/(\d\d)\/run=([^/]+)\/job=(\d+)\.csv$/;

/**
 * The hour, run and job of a prediction blob's name, or `undefined` for a name
 * `predictionsBlobName` does not make (another blob, a bad run id, a job index with a leading
 * zero, a date that does not exist).
 */
export function parsePredictionsBlobName(
  name: string,
): { hourMs: number; runId: string; jobIndex: number } | undefined {
  const match = PREDICTIONS_NAME.exec(name);
  if (match === null) return undefined;
  const [, year, month, day, hour, runId = '', index = ''] = match;
  const hourMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour));
  const jobIndex = Number(index);
  if (!RUN_ID_PATTERN.test(runId) || !Number.isSafeInteger(jobIndex)) return undefined;
  // Only the canonical text: no overflowing dates (02/30), no leading zeros.
  if (predictionsBlobName(runId, jobIndex, new Date(hourMs)) !== name) return undefined;
  return { hourMs, runId, jobIndex };
}

/** `logs/run={runId}/job={n}.ndjson`: the log of a job's last attempt (`job-log.ts`). */
export function logBlobName(runId: string, jobIndex: number): string {
  checkJob(runId, jobIndex);
  return `${runLogsPrefix(runId)}job=${jobIndex}.ndjson`;
}

/** `logs/run={runId}/`: the prefix of one run's job logs. */
export function runLogsPrefix(runId: string): string {
  return `logs/run=${runIdSchema.parse(runId)}/`;
}

/**
 * `runs/{runId}/plan.json`. The id is checked here too (RUN_ID_PATTERN: no `/`, no `..`), so a
 * caller that skipped validation gets a ZodError instead of a name outside `runs/`.
 */
export function planBlobName(runId: string): string {
  return `runs/${runIdSchema.parse(runId)}/plan.json`;
}

/** `runs/{runId}/report.json`, the id checked as in `planBlobName`. */
export function reportBlobName(runId: string): string {
  return `runs/${runIdSchema.parse(runId)}/report.json`;
}

// --- models -----------------------------------------------------------------------------

/**
 * `models/{entityKey}/v{n}.json`, one registry version's document; RangeError for a key that is
 * not an entity's or a bad version.
 */
export function modelBlobName(entityKey: string, version: number): string {
  if (parseEntityKey(entityKey) === undefined) {
    throw new RangeError(
      `invalid entity key ${JSON.stringify(entityKey)}: ids must match ${ID_PATTERN}`,
    );
  }
  if (!Number.isSafeInteger(version) || version < 1) throw new RangeError(`bad version ${version}`);
  return `models/${entityKey}/v${version}.json`;
}

const MODEL_PACK_PATTERN = /^model-packs\/[0-9a-f]{64}\.ndjson$/;

/**
 * A model pack: the planned models of one job in one blob (the scorer's `model-pack.ts`), named
 * by the SHA-256 of its `{entity}@v{version}` lines. Versions are immutable, so a name never
 * goes stale, and every scorer that plans the same models names the same pack.
 */
export function modelPackName(models: ReadonlyArray<{ entity: string; version: number }>) {
  const hash = createHash('sha256');
  for (const { entity, version } of models) {
    if (parseEntityKey(entity) === undefined || !Number.isSafeInteger(version) || version < 1)
      throw new RangeError(`bad planned model ${JSON.stringify({ entity, version })}`);
    hash.update(`${entity}@v${version}\n`);
  }
  return `model-packs/${hash.digest('hex')}.ndjson`;
}

export const isModelPackName = (name: string) => MODEL_PACK_PATTERN.test(name);
