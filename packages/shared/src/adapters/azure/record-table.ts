import { odata, type TableClient } from '@azure/data-tables';
import { AlreadyExistsError, NotFoundError, PreconditionFailedError } from '../../errors.js';
import type { ListOptions, RecordTable, StoredRecord } from '../../ports/record-table.js';
import { checkTableKey, fromEntity, type RecordEntity, toEntity } from './record-entity.js';
import {
  codeOf,
  DEFAULT_OPERATION_TIMEOUT_MS,
  type StorageAccount,
  type StorageRetryOptions,
  statusOf,
  toPortError,
  withDeadline,
} from './storage-call.js';
import { createTableClient, ensureTable } from './table-client.js';

export interface AzureRecordTableOptions<T> {
  /**
   * Checks a stored value and gives it its type (a zod schema's `parse`, say). Default: none,
   * the parsed JSON is trusted to be a `T`.
   */
  parse?: (value: unknown) => T;
  /** Entities asked for per query request (1–1,000). Default 1,000. */
  listPageSize?: number;
  /**
   * Bound on one whole operation in ms, every try included, after which it fails with
   * `UnavailableError`. Default 60,000.
   */
  operationTimeoutMs?: number;
}

export type ConnectRecordTableOptions<T> = StorageAccount &
  StorageRetryOptions &
  AzureRecordTableOptions<T> & {
    /** Table name: 3–63 letters and digits, starting with a letter. */
    table: string;
    /** Create the table when it is missing. Default true. */
    createIfMissing?: boolean;
  };

/**
 * The one RecordTable adapter, for Azure Table Storage and Azurite alike. Each record is one
 * entity whose `json` string property holds the value (see record-entity.ts for the limits).
 * The operations take no signal (the port has none); each is bounded by `operationTimeoutMs`.
 */
export class AzureRecordTable<T extends object> implements RecordTable<T> {
  readonly #client: TableClient;
  readonly #parse: (value: unknown) => T;
  readonly #pageSize: number;
  readonly #timeoutMs: number;

  /** The client carries the retry policy; build it with `createTableClient()`. */
  constructor(client: TableClient, options: AzureRecordTableOptions<T> = {}) {
    this.#client = client;
    this.#parse = options.parse ?? ((value) => value as T);
    this.#pageSize = options.listPageSize ?? 1_000;
    this.#timeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
  }

  /** Builds the client from plain options and (by default) creates the table. */
  static async connect<T extends object>(
    options: ConnectRecordTableOptions<T>,
  ): Promise<AzureRecordTable<T>> {
    const client = createTableClient(options);
    if (options.createIfMissing ?? true) await ensureTable(client, options);
    return new AzureRecordTable<T>(client, options);
  }

  async insert(partitionKey: string, rowKey: string, value: T): Promise<{ etag: string }> {
    const what = `insert record (${partitionKey}, ${rowKey})`;
    const entity = toEntity(partitionKey, rowKey, value);
    try {
      const response = await this.#run(what, (abortSignal) =>
        this.#client.createEntity(entity, { abortSignal }),
      );
      return { etag: required(response.etag, what) };
    } catch (error) {
      if (statusOf(error) === 409) {
        throw new AlreadyExistsError(`${what}: the key is taken`, { cause: error });
      }
      throw this.#translate(error, what);
    }
  }

  async upsert(
    partitionKey: string,
    rowKey: string,
    value: T,
    options: { ifMatch?: string } = {},
  ): Promise<{ etag: string }> {
    const what = `upsert record (${partitionKey}, ${rowKey})`;
    const entity = toEntity(partitionKey, rowKey, value);
    const { ifMatch } = options;
    try {
      // 'Replace' drops properties the new entity lacks, so nothing of an older shape lingers.
      const response = await this.#run(what, (abortSignal) =>
        ifMatch === undefined
          ? this.#client.upsertEntity(entity, 'Replace', { abortSignal })
          : this.#client.updateEntity(entity, 'Replace', { etag: ifMatch, abortSignal }),
      );
      return { etag: required(response.etag, what) };
    } catch (error) {
      const status = statusOf(error);
      if (status === 412) {
        throw new PreconditionFailedError(`${what}: ETag ${ifMatch} is not current`, {
          cause: error,
        });
      }
      if (status === 404 && ifMatch !== undefined && !isTableMissing(error)) {
        throw new NotFoundError(`${what}: there is no such record`, { cause: error });
      }
      throw this.#translate(error, what);
    }
  }

  async get(partitionKey: string, rowKey: string): Promise<StoredRecord<T> | undefined> {
    const what = `get record (${partitionKey}, ${rowKey})`;
    checkTableKey('partitionKey', partitionKey);
    checkTableKey('rowKey', rowKey);
    try {
      const entity = await this.#run(what, (abortSignal) =>
        this.#client.getEntity<RecordEntity>(partitionKey, rowKey, { abortSignal }),
      );
      return fromEntity(entity, this.#parse, what);
    } catch (error) {
      if (statusOf(error) === 404 && !isTableMissing(error)) return undefined;
      throw this.#translate(error, what);
    }
  }

  async *list(partitionKey: string, options: ListOptions = {}): AsyncIterable<StoredRecord<T>> {
    const what = `list records of "${partitionKey}"`;
    checkTableKey('partitionKey', partitionKey);
    const { rowKeyFrom, rowKeyTo, limit = Number.POSITIVE_INFINITY } = options;
    // `odata` quotes each value and doubles any `'` inside it.
    let filter = odata`PartitionKey eq ${partitionKey}`;
    if (rowKeyFrom !== undefined) filter += odata` and RowKey ge ${rowKeyFrom}`;
    if (rowKeyTo !== undefined) filter += odata` and RowKey lt ${rowKeyTo}`;
    let remaining = Math.floor(limit);
    let continuationToken: string | undefined;
    while (remaining > 0) {
      const maxPageSize = Math.min(this.#pageSize, remaining);
      // One deadline per page, not per listing: the caller may take its time between pages.
      const page = await this.#run(what, (abortSignal) =>
        this.#client
          .listEntities<RecordEntity>({ queryOptions: { filter }, abortSignal })
          .byPage({ maxPageSize, ...(continuationToken !== undefined && { continuationToken }) })
          .next(),
      ).catch((error: unknown) => {
        throw this.#translate(error, what);
      });
      if (page.done) return;
      // The service sorts by (PartitionKey, RowKey), so pages arrive in rowKey order.
      for (const entity of page.value.slice(0, remaining)) {
        remaining -= 1;
        yield fromEntity(entity, this.#parse, what);
      }
      continuationToken = page.value.continuationToken;
      if (continuationToken === undefined) return;
    }
  }

  async delete(
    partitionKey: string,
    rowKey: string,
    options: { ifMatch?: string } = {},
  ): Promise<boolean> {
    const what = `delete record (${partitionKey}, ${rowKey})`;
    checkTableKey('partitionKey', partitionKey);
    checkTableKey('rowKey', rowKey);
    try {
      await this.#run(what, (abortSignal) =>
        this.#client.deleteEntity(partitionKey, rowKey, {
          abortSignal,
          ...(options.ifMatch !== undefined && { etag: options.ifMatch }),
        }),
      );
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 && !isTableMissing(error)) return false;
      if (status === 412) {
        throw new PreconditionFailedError(`${what}: ETag ${options.ifMatch} is not current`, {
          cause: error,
        });
      }
      throw this.#translate(error, what);
    }
  }

  /** A missing table is a set-up fault, not an absent record: `NotFoundError` everywhere. */
  #translate(error: unknown, what: string): unknown {
    if (isTableMissing(error)) {
      return new NotFoundError(`${what}: table "${this.#client.tableName}" does not exist`, {
        cause: error,
      });
    }
    return toPortError(error, what);
  }

  #run<R>(what: string, run: (signal: AbortSignal) => Promise<R>): Promise<R> {
    return withDeadline(what, this.#timeoutMs, undefined, run);
  }
}

function isTableMissing(error: unknown): boolean {
  return statusOf(error) === 404 && codeOf(error) === 'TableNotFound';
}

function required<V>(value: V | undefined, what: string): V {
  if (value === undefined) throw new Error(`${what}: the response lacks an ETag`);
  return value;
}
