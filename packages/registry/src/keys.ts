import { type Entity, entityKey, ID_PATTERN, parseEntityKey } from '@fleetscore/shared';

/**
 * Names in the `models` table, built from validated entity ids only (the version blobs' names
 * are the blob layout's `modelBlobName`).
 *
 * Table keys cannot hold `/`, so an entity key's `/` becomes `!` in row keys. `!` sorts below
 * every character ids may hold (`-` is the lowest), so rows come in (device, sensor) order and
 * one device's entries are the contiguous range [`device`, `device"`).
 */
export const ENTRIES_PARTITION = 'entries';
const SEPARATOR = '!';
/** The character right after SEPARATOR: the exclusive end of one device's row range. */
const AFTER_SEPARATOR = '"';

/** The entity's key, or a RangeError when its ids are not valid (callers validate at the edge). */
export function checkedKey(entity: Entity): string {
  const key = entityKey(entity);
  if (
    !ID_PATTERN.test(entity.device) ||
    (entity.sensor !== undefined && !ID_PATTERN.test(entity.sensor))
  ) {
    throw new RangeError(`invalid entity ${JSON.stringify(key)}: ids must match ${ID_PATTERN}`);
  }
  return key;
}

export function entryRowKey(key: string): string {
  return key.replace('/', SEPARATOR);
}

/** The entity key of an entry row key, or `undefined` when the row key is not one. */
export function keyOfEntryRow(rowKey: string): string | undefined {
  if (rowKey.includes('/')) return undefined;
  const key = rowKey.replace(SEPARATOR, '/');
  return parseEntityKey(key) === undefined ? undefined : key;
}

/** The row range [from, to) of one device's entries (its device-level model and sensors). */
export function deviceRange(device: string): { from: string; to: string } {
  return { from: device, to: `${device}${AFTER_SEPARATOR}` };
}

/** One partition per entity holds its version records. */
export function versionsPartition(key: string): string {
  return `versions${SEPARATOR}${entryRowKey(key)}`;
}

/** Zero-padded, so row-key order is version order. */
export function versionRowKey(version: number): string {
  return `v${String(version).padStart(10, '0')}`;
}

/** Continuation tokens are the next row key, base64url-encoded (opaque to callers). */
export function encodeContinuation(rowKey: string): string {
  return Buffer.from(rowKey, 'utf8').toString('base64url');
}

/** Whether `list` takes this token (an API checks it at its edge: `list` throws otherwise). */
export function isContinuationToken(token: string): boolean {
  try {
    decodeContinuation(token);
    return true;
  } catch {
    return false;
  }
}

/** The row key a token stands for; RangeError for a token this registry did not issue. */
export function decodeContinuation(token: string): string {
  const rowKey = Buffer.from(token, 'base64url').toString('utf8');
  if (keyOfEntryRow(rowKey) === undefined) {
    throw new RangeError('invalid continuation token');
  }
  return rowKey;
}
