import type { BaseConfig } from '../config/index.js';
import type { JobQueue } from '../ports/job-queue.js';
import { azureCredential } from './credential.js';

/**
 * The job queue of the configured backend: the BullMQ queue `FLEETSCORE_JOB_QUEUE` on Redis
 * locally, the configured Service Bus queue in Azure (one queue per deployment).
 */
export async function openJobQueue<T>(config: BaseConfig): Promise<JobQueue<T>> {
  const { backend } = config;
  if (backend.kind === 'local') {
    const { BullMqJobQueue } = await import('../local/bullmq-job-queue.js');
    return new BullMqJobQueue<T>({
      connection: { url: backend.redisUrl },
      name: backend.jobQueue,
    });
  }
  const { createServiceBusJobQueue } = await import('../azure/service-bus-job-queue.js');
  const { serviceBus } = backend;
  return createServiceBusJobQueue<T>({
    ...('connectionString' in serviceBus
      ? { connectionString: serviceBus.connectionString }
      : {
          fullyQualifiedNamespace: serviceBus.fullyQualifiedNamespace,
          credential: await azureCredential(),
        }),
    queueName: serviceBus.queueName,
  });
}
