export * from '../telemetry/capture-spans.js';
export * from './blob-store-conformance.js';
export * from './emulators/emulator-stack.js';
export * from './event-stream-conformance.js';
// The conformance suite's subscriber view, for other suites that read back what was published.
export { Recorder as EventStreamRecorder } from './event-stream-recorder.js';
export * from './fake-checkpoint-store.js';
export * from './fake-event-hubs.js';
export * from './fake-event-hubs-consumer.js';
export * from './fake-event-hubs-producer.js';
export {
  type DeathPoint,
  type FakeClientOptions,
  type FakeNamespaceOptions,
  type FakeQueueOptions,
  type FakeReceivedMessage,
  type FakeRight,
  FakeServiceBusClient,
  FakeServiceBusEntity,
  FakeServiceBusNamespace,
  FakeServiceBusReceiver,
  FakeServiceBusSender,
  InjectedDeath,
} from './fake-service-bus.js';
export * from './fault-proxy/fault-proxy.js';
export {
  CONFORMANCE_LOCK_MS,
  type ConformancePayload,
  describeJobQueueConformance,
  type JobQueueHarness,
} from './job-queue-conformance.js';
export * from './record-table-conformance.js';
export * from './redis-keys.js';
export * from './stack-env.js';
export * from './storage-endpoints.js';
export * from './test-tokens.js';
