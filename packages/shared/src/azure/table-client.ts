import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import {
  DEFAULT_OPERATION_TIMEOUT_MS,
  resolveRetry,
  type StorageAccount,
  type StorageRetryOptions,
  toPortError,
  withDeadline,
} from './storage-call.js';

/**
 * A TableClient for the account, with our retry bounds (defaults in `storageRetryDefaults`).
 * A connection string names its own protocol, so plain HTTP (Azurite) is allowed for it; with
 * a token credential the SDK insists on HTTPS.
 */
export function createTableClient(
  options: StorageAccount & StorageRetryOptions & { table: string },
): TableClient {
  const pipeline = tablePipelineOptions(options);
  return 'connectionString' in options
    ? TableClient.fromConnectionString(options.connectionString, options.table, {
        ...pipeline,
        allowInsecureConnection: true,
      })
    : new TableClient(options.accountUrl, options.table, options.credential, pipeline);
}

/** Creates the table when missing; idempotent (the SDK ignores 409 TableAlreadyExists). */
export async function ensureTable(
  client: TableClient,
  options: { operationTimeoutMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const what = `create table "${client.tableName}"`;
  const timeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
  try {
    await withDeadline(what, timeoutMs, options.signal, (abortSignal) =>
      client.createTable({ abortSignal }),
    );
  } catch (error) {
    throw toPortError(error, what);
  }
}

/** The SDK pipeline options for our retry bounds; the SDK counts retries, we count tries. */
export function tablePipelineOptions(options: StorageRetryOptions = {}): TableServiceClientOptions {
  const retry = resolveRetry(options);
  return {
    retryOptions: {
      maxRetries: retry.maxTries - 1,
      retryDelayInMs: retry.retryDelayMs,
      maxRetryDelayInMs: retry.maxRetryDelayMs,
    },
  };
}
