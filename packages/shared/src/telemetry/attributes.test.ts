import * as semconv from '@opentelemetry/semantic-conventions';
import * as incubating from '@opentelemetry/semantic-conventions/incubating';
import { describe, expect, it } from 'vitest';
import { ATTR } from './attributes.js';

describe('ATTR', () => {
  it('spells the semantic conventions as @opentelemetry/semantic-conventions does', () => {
    expect(ATTR).toMatchObject({
      httpMethod: semconv.ATTR_HTTP_REQUEST_METHOD,
      httpRoute: semconv.ATTR_HTTP_ROUTE,
      httpStatus: semconv.ATTR_HTTP_RESPONSE_STATUS_CODE,
      urlPath: semconv.ATTR_URL_PATH,
      urlScheme: semconv.ATTR_URL_SCHEME,
      userAgent: semconv.ATTR_USER_AGENT_ORIGINAL,
      serverAddress: semconv.ATTR_SERVER_ADDRESS,
      serverPort: semconv.ATTR_SERVER_PORT,
      clientAddress: semconv.ATTR_CLIENT_ADDRESS,
      messagingSystem: incubating.ATTR_MESSAGING_SYSTEM,
      messagingDestination: incubating.ATTR_MESSAGING_DESTINATION_NAME,
      messagingOperationType: incubating.ATTR_MESSAGING_OPERATION_TYPE,
      messagingOperationName: incubating.ATTR_MESSAGING_OPERATION_NAME,
      messagingMessageId: incubating.ATTR_MESSAGING_MESSAGE_ID,
      messagingBatchCount: incubating.ATTR_MESSAGING_BATCH_MESSAGE_COUNT,
      messagingConsumerGroup: incubating.ATTR_MESSAGING_CONSUMER_GROUP_NAME,
      messagingPartition: incubating.ATTR_MESSAGING_DESTINATION_PARTITION_ID,
    });
    // The systems that have a value in the conventions use it.
    expect(incubating.MESSAGING_SYSTEM_VALUE_EVENTHUBS).toBe('eventhubs');
    expect(incubating.MESSAGING_SYSTEM_VALUE_SERVICEBUS).toBe('servicebus');
  });
});
