export { createContainerClient } from './blob-client.js';
export {
  AzureBlobStore,
  type AzureBlobStoreOptions,
  type ConnectBlobStoreOptions,
} from './blob-store.js';
export {
  createEventHubsPublisher,
  createEventHubsStream,
  type EventHubsConnection,
  type EventHubsPublisherConfig,
  type EventHubsStreamConfig,
} from './event-hubs/create.js';
export { EventHubsPublisher, type EventHubsPublisherOptions } from './event-hubs/publisher.js';
export {
  type EventHubsConsumer,
  type EventHubsConsumerFactory,
  type EventHubsProducer,
  EventHubsStream,
  type EventHubsStreamOptions,
} from './event-hubs-stream.js';
export { checkTableKey, MAX_RECORD_JSON_LENGTH, MAX_TABLE_KEY_LENGTH } from './record-entity.js';
export {
  AzureRecordTable,
  type AzureRecordTableOptions,
  type ConnectRecordTableOptions,
} from './record-table.js';
export { ServiceBusConsumer } from './service-bus-consumer.js';
export {
  createServiceBusJobQueue,
  type ServiceBusConnection,
  ServiceBusJobQueue,
  type ServiceBusJobQueueOptions,
} from './service-bus-job-queue.js';
export type {
  ServiceBusAdministrationLike,
  ServiceBusClientLike,
} from './service-bus-types.js';
export {
  DEFAULT_OPERATION_TIMEOUT_MS,
  type StorageAccount,
  type StorageRetryOptions,
  storageRetryDefaults,
} from './storage-call.js';
export { createTableClient, ensureTable } from './table-client.js';
