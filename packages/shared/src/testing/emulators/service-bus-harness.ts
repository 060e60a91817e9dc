/**
 * The JobQueue conformance harness for the Service Bus adapter on a namespace that outlives the
 * test: every harness gets a queue of its own (created, then deleted), every handle its own
 * client, and crash / lost locks come from ControlledReceiver. The adapter under test
 * (ServiceBusJobQueue and its consumer) is unchanged. A unit test runs this harness over the
 * SDK-surface fake; the emulators project runs it against the Service Bus emulator.
 */
import type { ServiceBusConsumer } from '../../adapters/azure/service-bus-consumer.js';
import { ServiceBusJobQueue } from '../../adapters/azure/service-bus-job-queue.js';
import type {
  ServiceBusAdministrationLike,
  ServiceBusClientLike,
} from '../../adapters/azure/service-bus-types.js';
import type { ConformancePayload, JobQueueHarness } from '../job-queue-conformance-kit.js';
import { type ControlledReceiver, controlledClient } from './controlled-receiver.js';

export interface QueueAccess {
  /** A new, empty queue as the adapter requires it (duplicate detection on), and its removal. */
  createQueue(): Promise<{ name: string; remove(): Promise<void> }>;
  /** A new client: its own connection, as a second process has. */
  client(): ServiceBusClientLike;
  administration: ServiceBusAdministrationLike;
}

export async function serviceBusHarness(access: QueueAccess): Promise<JobQueueHarness> {
  const { name, remove } = await access.createQueue();
  const handles: ServiceBusJobQueue<ConformancePayload>[] = [];
  /** Every receiver of every handle (one list per handle, filled as consumers start). */
  const receiverLists: ControlledReceiver[][] = [];
  const open = () => {
    const { client, receivers } = controlledClient(access.client());
    receiverLists.push(receivers);
    const queue = new ServiceBusJobQueue<ConformancePayload>({
      client,
      queueName: name,
      administration: access.administration,
      ownsClient: true,
    });
    handles.push(queue);
    return queue;
  };

  return {
    queue: open(),
    openPeer: async () => open(),
    crash: async (consumer) => {
      const { receiver } = consumer as ServiceBusConsumer<ConformancePayload>;
      (receiver as ControlledReceiver).crash();
    },
    loseLock: async (jobId) => {
      const lost = receiverLists.flat().reduce((n, receiver) => n + receiver.loseLock(jobId), 0);
      if (lost === 0) throw new Error(`loseLock: no consumer holds ${jobId}`);
    },
    capabilities: { reportsDuplicates: false, countsRetrying: false },
    cleanup: async () => {
      await Promise.allSettled(handles.map((queue) => queue.close()));
      await remove();
    },
  };
}
