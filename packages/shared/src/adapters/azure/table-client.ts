import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { FleetscoreError } from '../../errors.js';
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
    : new TableClient(
        tableEndpointOf(options.accountUrl),
        options.table,
        options.credential,
        pipeline,
      );
}

/**
 * The Table endpoint of the account whose Blob endpoint is `blobUrl`
 * (`https://acct.blob.core.windows.net` → `https://acct.table.core.windows.net`; sovereign
 * clouds too). `FLEETSCORE_STORAGE_ACCOUNT_URL` names the blob endpoint, and a TableClient on
 * it would send every ledger and registry call to the wrong service.
 */
export function tableEndpointOf(blobUrl: string): string {
  const url = new URL(blobUrl);
  const labels = url.hostname.split('.');
  if (labels[1] !== 'blob') {
    throw new FleetscoreError(
      'CONFIG_INVALID',
      `cannot tell the Table endpoint of ${blobUrl}: expected a blob endpoint such as https://<account>.blob.core.windows.net`,
    );
  }
  labels[1] = 'table';
  url.hostname = labels.join('.');
  return url.origin + url.pathname.replace(/\/$/, '');
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
