// The JobQueue conformance suite against the Service Bus emulator, through the real SDK
// clients: a queue per test, created and deleted with the administration client (emulator 2.x),
// which also serves depth(). Emulators project only (vitest.emulators.config.ts).
import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';
import { emulatorAdminPolicy } from '../../testing/emulators/emulator-admin-policy.js';
import { emulatorStack } from '../../testing/emulators/emulator-stack.js';
import {
  type QueueAccess,
  serviceBusHarness,
} from '../../testing/emulators/service-bus-harness.js';
import { describeJobQueueConformance } from '../../testing/job-queue-conformance.js';
import { uniqueName } from '../../testing/stack-env.js';

const stack = emulatorStack();
const administration = new ServiceBusAdministrationClient(stack.serviceBusConnectionString, {
  additionalPolicies: [
    { policy: emulatorAdminPolicy(stack.serviceBusAdminUrl), position: 'perRetry' },
  ],
});

const emulatorNamespace: QueueAccess = {
  createQueue: async () => {
    const name = uniqueName('conformance');
    // As the adapter requires (service-bus-job-queue.ts), within the emulator's limits: its
    // shortest LockDuration is 5 s (the suite's 1 s lock is a consumer default the adapter
    // overrides with the message's own lock expiry), at most 10 deliveries, TTL ≤ 1 h,
    // duplicate detection window ≤ 5 min.
    await administration.createQueue(name, {
      lockDuration: 'PT5S',
      maxDeliveryCount: 10,
      requiresDuplicateDetection: true,
      duplicateDetectionHistoryTimeWindow: 'PT1M',
      defaultMessageTimeToLive: 'PT1H',
      deadLetteringOnMessageExpiration: true,
    });
    return { name, remove: async () => void (await administration.deleteQueue(name)) };
  },
  client: () => new ServiceBusClient(stack.serviceBusConnectionString),
  administration,
};

describeJobQueueConformance('Service Bus (emulator)', () => serviceBusHarness(emulatorNamespace));
