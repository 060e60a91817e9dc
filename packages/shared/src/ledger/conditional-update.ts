import { isFleetscoreError, NonRetryableError, UnavailableError } from '../errors.js';
import type { RecordTable, StoredRecord } from '../ports/record-table.js';

/** Lost ETag races before an update gives up; each loss means another writer made progress. */
export const MAX_UPDATE_TRIES = 20;

/** Reads a record at (partitionKey, rowKey) and checks it with `parse`, naming its key on failure. */
export async function readRecord<T>(
  table: RecordTable<object>,
  partitionKey: string,
  rowKey: string,
  parse: (value: unknown) => T,
): Promise<StoredRecord<T> | undefined> {
  const stored = await table.get(partitionKey, rowKey);
  return stored === undefined ? undefined : checked(stored, parse);
}

export function checked<T>(stored: StoredRecord<object>, parse: (value: unknown) => T) {
  try {
    return { ...stored, value: parse(stored.value) };
  } catch (error) {
    throw new NonRetryableError(
      `record (${stored.partitionKey}, ${stored.rowKey}) does not parse: ${String(error)}`,
      { cause: error },
    );
  }
}

/**
 * Read, change, write under the ETag read; on a lost race (`PreconditionFailedError`) read
 * again and re-apply `change` to the newer record. `change` returning `undefined` writes
 * nothing. `missing` builds the error for an absent record (absent ones are never created).
 */
export async function updateRecord<T extends object>(
  table: RecordTable<object>,
  key: { partitionKey: string; rowKey: string },
  parse: (value: unknown) => T,
  change: (current: T) => T | undefined,
  missing: () => Error,
): Promise<T> {
  for (let tries = 1; tries <= MAX_UPDATE_TRIES; tries += 1) {
    const stored = await readRecord(table, key.partitionKey, key.rowKey, parse);
    if (stored === undefined) throw missing();
    const next = change(stored.value);
    if (next === undefined) return stored.value;
    // Check before writing: a bad record would otherwise fail every later read.
    const value = parse(next);
    try {
      await table.upsert(key.partitionKey, key.rowKey, value, { ifMatch: stored.etag });
      return value;
    } catch (error) {
      if (!isFleetscoreError(error, 'PRECONDITION_FAILED')) throw error;
    }
  }
  throw new UnavailableError(
    `record (${key.partitionKey}, ${key.rowKey}): lost ${MAX_UPDATE_TRIES} update races in a row`,
  );
}
