/**
 * Small structured records addressed by (partitionKey, rowKey), with optimistic concurrency:
 * the run ledger, the model registry. Azure Table Storage (Azurite locally) behind one adapter.
 * A record's value is a JSON object stored whole; keep its JSON under 32 Ki characters (Table
 * stores strings as UTF-16 with a 64 KiB property limit, so ~60 KB of ASCII JSON would not fit).
 */
export interface RecordTable<T extends object> {
  /** Creates the record; `AlreadyExistsError` when the key is taken (the conditional insert). */
  insert(partitionKey: string, rowKey: string, value: T): Promise<{ etag: string }>;
  /**
   * Replaces (or creates) the record. With `ifMatch`, only that version is replaced, else
   * `PreconditionFailedError` (and `NotFoundError` when the record is gone).
   */
  upsert(
    partitionKey: string,
    rowKey: string,
    value: T,
    options?: { ifMatch?: string },
  ): Promise<{ etag: string }>;
  get(partitionKey: string, rowKey: string): Promise<StoredRecord<T> | undefined>;
  /** Records of one partition in rowKey order, optionally within [rowKeyFrom, rowKeyTo). */
  list(partitionKey: string, options?: ListOptions): AsyncIterable<StoredRecord<T>>;
  /** False when it was not there. */
  delete(partitionKey: string, rowKey: string, options?: { ifMatch?: string }): Promise<boolean>;
}

export interface StoredRecord<T> {
  partitionKey: string;
  rowKey: string;
  etag: string;
  value: T;
}

export interface ListOptions {
  rowKeyFrom?: string;
  rowKeyTo?: string;
  limit?: number;
}
