export { BullMqConsumer } from './bullmq-consumer.js';
export {
  type BullMqConnection,
  BullMqJobQueue,
  type BullMqJobQueueOptions,
} from './bullmq-job-queue.js';
export { bullMqQueueOf } from './inspection.js';
export {
  type RedisConnectionFactory,
  RedisEventStream,
  type RedisEventStreamOptions,
} from './redis-event-stream.js';
