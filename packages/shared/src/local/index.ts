export {
  type RedisConnectionFactory,
  RedisEventStream,
  type RedisEventStreamOptions,
} from './redis-event-stream.js';
