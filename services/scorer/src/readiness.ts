import type { BlobStore, ConsumerQueue, HealthCheck } from '@fleetscore/shared';
import { blobCheck, queueProbeCheck } from '@fleetscore/shared/adapters';

/**
 * The scorer's readiness (`/readyz`): the queue by a data-plane round trip (`probe`, a peek on
 * Service Bus) and blob storage. Never `depth()`: queue counts are a management read (the
 * Manage right) and the scorer holds Service Bus Sender + Receiver only; the scheduler, which
 * serves `/v1/scaling`, is the one that reads depth.
 */
export function readinessChecks(deps: {
  queue: Pick<ConsumerQueue<unknown>, 'probe'>;
  blobs: BlobStore;
}): HealthCheck[] {
  return [queueProbeCheck(deps.queue), blobCheck(deps.blobs)];
}
