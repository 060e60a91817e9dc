import type { Queue } from 'bullmq';
import type { JobQueue } from '../../ports/job-queue.js';
import { BullMqJobQueue } from './bullmq-job-queue.js';

/**
 * The BullMQ queue behind a job queue, when the local backend made it: an optional capability
 * of that adapter, for tools that read BullMQ directly (Bull Board). Undefined for any other
 * adapter (Service Bus), so a caller wires the tool only where it can work.
 */
export function bullMqQueueOf(queue: JobQueue<unknown>): Queue | undefined {
  return queue instanceof BullMqJobQueue ? queue.inspectionQueue : undefined;
}
