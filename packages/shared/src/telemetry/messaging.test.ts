import { describe, expect, it } from 'vitest';
import { messagingAttributes } from './messaging.js';

describe('messagingAttributes', () => {
  it('names the system, destination and server of the adapter, and the operation', () => {
    const target = {
      system: 'eventhubs',
      destination: 'readings',
      serverAddress: 'fleet.servicebus.windows.net',
    };
    expect(messagingAttributes(target, { type: 'send', name: 'send' })).toEqual({
      'messaging.system': 'eventhubs',
      'messaging.destination.name': 'readings',
      'server.address': 'fleet.servicebus.windows.net',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
    });
  });

  it('falls back to a destination name, and no system, for a stream without a target', () => {
    expect(
      messagingAttributes(undefined, { type: 'process', name: 'process' }, 'readings'),
    ).toEqual({
      'messaging.destination.name': 'readings',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
    });
  });
});
