import { FleetscoreError } from '../errors.js';
import { WINDOW_FORMATS, type WindowFormat } from '../windows/formats/names.js';
import { ID_PATTERN } from './ids.js';

/**
 * The blob layout of the streaming path — a contract between the aggregator (writer) and the
 * scheduler and scorer (readers). Paths are partitioned by **event time** (a window's end, UTC
 * hour) and device shard (`shardOf(device, S)`), never by processing time:
 *
 *   windows/{yyyy}/{MM}/{dd}/{HH}/shard={s}/p{partition}-{fromSeq}-{toSeq}-{watermark}.{format}
 *   late-events/{yyyy}/{MM}/{dd}/{HH}/p{partition}-{fromSeq}-{toSeq}-{watermark}.ndjson
 *   dead-events/{yyyy}/{MM}/{dd}/{HH}/p{partition}-{seq}.json
 *
 * A window ending exactly on the hour (end-inclusive) belongs to the hour that starts there.
 */
export const HOUR_MS = 3_600_000;

/** Stream sequence numbers are zero-padded so that name order is stream order. */
const SEQ_DIGITS = 16;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function checkPartition(partitionId: string): string {
  if (!ID_PATTERN.test(partitionId))
    throw new FleetscoreError('CONFIG_INVALID', `bad partition id ${JSON.stringify(partitionId)}`);
  return partitionId;
}

function checkSeq(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0)
    throw new FleetscoreError('CONFIG_INVALID', `bad sequence number ${seq}`);
  return pad(seq, SEQ_DIGITS);
}

/** `{root}/{yyyy}/{MM}/{dd}/{HH}/` of the UTC hour holding `ms`. */
export function hourPath(root: 'windows' | 'late-events' | 'dead-events', ms: number): string {
  const d = new Date(Math.floor(ms / HOUR_MS) * HOUR_MS);
  if (Number.isNaN(d.getTime())) throw new FleetscoreError('CONFIG_INVALID', `bad time ${ms}`);
  const date = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
  return `${root}/${date}/${pad(d.getUTCHours())}/`;
}

/** The folder of one (hour, shard) of windows. */
export function windowShardPath(hourMs: number, shard: number): string {
  if (!Number.isSafeInteger(shard) || shard < 0)
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
  if (!WINDOW_FORMATS.includes(format))
    throw new FleetscoreError('CONFIG_INVALID', `bad window format ${JSON.stringify(format)}`);
  const mark = Number.isFinite(watermarkMs) ? String(Math.floor(watermarkMs)) : 'x';
  return `p${checkPartition(partitionId)}-${checkSeq(fromSeq)}-${checkSeq(toSeq)}-${mark}.${format}`;
}

export function deadEventName(partitionId: string, seq: number, atMs: number): string {
  return `${hourPath('dead-events', atMs)}p${checkPartition(partitionId)}-${checkSeq(seq)}.json`;
}

/** The UTC hour starts (ms) that overlap `[fromMs, toMs)`. */
export function hoursBetween(fromMs: number, toMs: number): number[] {
  const hours: number[] = [];
  for (let h = Math.floor(fromMs / HOUR_MS) * HOUR_MS; h < toMs; h += HOUR_MS) hours.push(h);
  return hours;
}
