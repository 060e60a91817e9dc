import type { BaseConfig } from '../config/index.js';
import type { JobQueue } from '../ports/job-queue.js';
import { azureCredential } from './credential.js';

export interface OpenJobQueueOptions {
  /**
   * Whether this process reads queue depth (`depth()`: the scheduler's `/v1/scaling`, `/metrics`
   * and readiness). On Service Bus that is a management read (the Manage right); a consumer
   * (the scorer) opens the queue with `false`, builds no administration client, and needs only
   * Sender + Receiver. BullMQ reads depth with no extra right either way. Default true.
   */
  depth?: boolean;
}

/**
 * The job queue of the configured backend: the BullMQ queue `FLEETSCORE_JOB_QUEUE` on Redis
 * locally, the configured Service Bus queue in Azure (one queue per deployment).
 */
export async function openJobQueue<T>(
  config: BaseConfig,
  options: OpenJobQueueOptions = {},
): Promise<JobQueue<T>> {
  const { backend } = config;
  if (backend.kind === 'local') {
    const { BullMqJobQueue } = await import('./local/bullmq-job-queue.js');
    return new BullMqJobQueue<T>({
      connection: { url: backend.redisUrl },
      name: backend.jobQueue,
    });
  }
  const { createServiceBusJobQueue } = await import('./azure/service-bus-job-queue.js');
  const { serviceBus } = backend;
  return createServiceBusJobQueue<T>({
    ...('connectionString' in serviceBus
      ? { connectionString: serviceBus.connectionString }
      : {
          fullyQualifiedNamespace: serviceBus.fullyQualifiedNamespace,
          credential: await azureCredential(),
        }),
    queueName: serviceBus.queueName,
    depth: options.depth ?? true,
  });
}
