import {
  BlobServiceClient,
  type ContainerClient,
  type StoragePipelineOptions,
} from '@azure/storage-blob';
import { resolveRetry, type StorageAccount, type StorageRetryOptions } from './storage-call.js';

/** A ContainerClient for the account, with our retry bounds (defaults in `storageRetryDefaults`). */
export function createContainerClient(
  options: StorageAccount & StorageRetryOptions & { container: string },
): ContainerClient {
  const pipeline = blobPipelineOptions(options);
  const service =
    'connectionString' in options
      ? BlobServiceClient.fromConnectionString(options.connectionString, pipeline)
      : new BlobServiceClient(options.accountUrl, options.credential, pipeline);
  return service.getContainerClient(options.container);
}

/** The SDK pipeline options for our retry bounds. `maxTries` counts the first try. */
export function blobPipelineOptions(options: StorageRetryOptions = {}): StoragePipelineOptions {
  const retry = resolveRetry(options);
  return {
    retryOptions: {
      maxTries: retry.maxTries,
      retryDelayInMs: retry.retryDelayMs,
      maxRetryDelayInMs: retry.maxRetryDelayMs,
    },
  };
}
