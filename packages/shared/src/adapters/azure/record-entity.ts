import { NonRetryableError } from '../../errors.js';
import type { StoredRecord } from '../../ports/record-table.js';

/**
 * How a record maps onto a Table entity: the value, as JSON text, in the one string property
 * `json`. Table Storage stores strings as UTF-16 and caps a property at 64 KiB, so the JSON may
 * hold at most 32,768 UTF-16 code units (about 32 KB of ASCII JSON; fewer bytes of UTF-8 when
 * it is not ASCII). Larger values are refused here with a clear error instead of the
 * service's 400 PropertyValueTooLarge.
 */
export interface RecordEntity {
  partitionKey: string;
  rowKey: string;
  json: string;
}

/** Longest JSON text, in UTF-16 code units (64 KiB). */
export const MAX_RECORD_JSON_LENGTH = 32 * 1024;

/** Longest key, in UTF-16 code units (Table's 1 KiB). */
export const MAX_TABLE_KEY_LENGTH = 512;

/**
 * Refuses keys Table Storage would reject with a bare 400: longer than 1 KiB (UTF-16), or
 * holding `/`, `\`, `#`, `?` or a control character (U+0000–U+001F, U+007F–U+009F). Also
 * refuses `%`: Azure accepts it on insert, but then fails point reads, updates and deletes of
 * that entity (its key sits in the URL path; Azure Storage team blog, "PartitionKey or RowKey
 * containing the percent '%' character causes some Windows Azure Tables APIs to fail"; Azurite
 * #1377, #1418). Quotes, spaces and other Unicode are fine. Throws `NonRetryableError`:
 * retrying cannot help.
 */
const FORBIDDEN_IN_KEYS = ['/', '\\', '#', '?', '%'];

export function checkTableKey(kind: 'partitionKey' | 'rowKey', key: string): void {
  if (key.length > MAX_TABLE_KEY_LENGTH) {
    throw new NonRetryableError(
      `${kind} is ${key.length} characters long; Table Storage allows ${MAX_TABLE_KEY_LENGTH}`,
    );
  }
  for (const char of key) {
    const code = char.codePointAt(0) ?? 0;
    const control = code <= 0x1f || (code >= 0x7f && code <= 0x9f);
    if (control || FORBIDDEN_IN_KEYS.includes(char)) {
      throw new NonRetryableError(
        `${kind} ${JSON.stringify(key)} holds ${JSON.stringify(char)}, which Table Storage forbids in keys`,
      );
    }
  }
}

export function toEntity(partitionKey: string, rowKey: string, value: object): RecordEntity {
  checkTableKey('partitionKey', partitionKey);
  checkTableKey('rowKey', rowKey);
  const json = JSON.stringify(value);
  if (json.length > MAX_RECORD_JSON_LENGTH) {
    throw new NonRetryableError(
      `record (${partitionKey}, ${rowKey}) is ${json.length} characters of JSON; ` +
        `Table Storage holds at most ${MAX_RECORD_JSON_LENGTH} in one property`,
    );
  }
  return { partitionKey, rowKey, json };
}

export function fromEntity<T>(
  entity: Partial<RecordEntity> & { etag?: string },
  parse: (value: unknown) => T,
  what: string,
): StoredRecord<T> {
  const { partitionKey, rowKey, json, etag } = entity;
  if (partitionKey === undefined || rowKey === undefined || etag === undefined) {
    throw new Error(`${what}: the entity lacks its keys or ETag`);
  }
  if (typeof json !== 'string') {
    throw new NonRetryableError(`${what}: entity (${partitionKey}, ${rowKey}) has no "json" text`);
  }
  return { partitionKey, rowKey, etag, value: parse(JSON.parse(json)) };
}
