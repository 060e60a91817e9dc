/**
 * Span attribute names: OpenTelemetry semantic conventions (http.*, messaging.*, stable or
 * widely used names) plus Fleetscore's own under `fleetscore.*`. Kept in one place so that
 * producer and consumer spans, and docs/observability.md, agree.
 */
export const ATTR = {
  httpMethod: 'http.request.method',
  httpRoute: 'http.route',
  httpStatus: 'http.response.status_code',
  urlPath: 'url.path',
  urlScheme: 'url.scheme',
  userAgent: 'user_agent.original',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  clientAddress: 'client.address',
  messagingSystem: 'messaging.system',
  messagingDestination: 'messaging.destination.name',
  messagingOperationType: 'messaging.operation.type',
  messagingOperationName: 'messaging.operation.name',
  messagingMessageId: 'messaging.message.id',
  messagingBatchCount: 'messaging.batch.message_count',
  messagingConsumerGroup: 'messaging.consumer.group.name',
  messagingPartition: 'messaging.destination.partition.id',
  runId: 'fleetscore.run.id',
  jobId: 'fleetscore.job.id',
  jobKind: 'fleetscore.job.kind',
  jobAttempt: 'fleetscore.job.attempt',
  batchId: 'fleetscore.batch.id',
  readings: 'fleetscore.readings',
  rows: 'fleetscore.rows',
  anomalies: 'fleetscore.anomalies',
  entity: 'fleetscore.entity',
  modelVersion: 'fleetscore.model.version',
  windows: 'fleetscore.windows',
  linksDropped: 'fleetscore.links.dropped',
} as const;
