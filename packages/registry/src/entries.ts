import {
  AlreadyExistsError,
  isFleetscoreError,
  type RecordTable,
  UnavailableError,
} from '@fleetscore/shared';
import { ENTRIES_PARTITION, entryRowKey } from './keys.js';
import { type EntryRecord, entryRecordSchema } from './records.js';

/** Lost ETag races in a row before giving up (each loss means another writer progressed). */
export const MAX_RACES = 50;

export async function readEntry(
  table: RecordTable<object>,
  key: string,
): Promise<{ entry: EntryRecord; etag: string } | undefined> {
  const stored = await table.get(ENTRIES_PARTITION, entryRowKey(key));
  return stored && { entry: entryRecordSchema.parse(stored.value), etag: stored.etag };
}

/**
 * Read-modify-write of an entity's entry under its ETag, re-read and re-applied on a lost
 * race. `change` gets the entry (or `undefined` when there is none) and returns the new one,
 * or `undefined` to leave it as it is; it may throw to refuse.
 */
export async function updateEntry(
  table: RecordTable<object>,
  key: string,
  change: (entry: EntryRecord | undefined) => EntryRecord | undefined,
): Promise<EntryRecord | undefined> {
  const rowKey = entryRowKey(key);
  for (let race = 0; race < MAX_RACES; race++) {
    const read = await readEntry(table, key);
    const next = change(read?.entry);
    if (next === undefined) return read?.entry;
    try {
      if (read === undefined) await table.insert(ENTRIES_PARTITION, rowKey, next);
      else await table.upsert(ENTRIES_PARTITION, rowKey, next, { ifMatch: read.etag });
      return next;
    } catch (error) {
      const lost =
        error instanceof AlreadyExistsError ||
        isFleetscoreError(error, 'PRECONDITION_FAILED') ||
        isFleetscoreError(error, 'NOT_FOUND');
      if (!lost) throw error;
    }
  }
  throw new UnavailableError(`model entry ${key}: lost ${MAX_RACES} update races in a row`);
}
