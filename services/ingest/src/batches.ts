import type { OutgoingEvent, Reading, ReadingBatch } from '@fleetscore/shared';

/**
 * Turns a request's readings into stream events: one `ReadingBatch` per device (partition key
 * = device, so a device's readings stay in request order on one partition), split into events
 * of at most `perEvent` readings so each fits an Event Hubs batch (256 KB on Basic). The
 * batch ids are `<requestId>/<device>[/<n>]`: stable for a retried request that carries the
 * same Idempotency-Key, so consumers can recognise a re-publish.
 */
export function readingEvents(
  requestId: string,
  readings: readonly Reading[],
  perEvent: number,
): OutgoingEvent[] {
  const byDevice = new Map<string, Reading[]>();
  for (const reading of readings) {
    const group = byDevice.get(reading.device);
    if (group) group.push(reading);
    else byDevice.set(reading.device, [reading]);
  }
  const events: OutgoingEvent[] = [];
  for (const [device, group] of byDevice) {
    for (let start = 0, n = 0; start < group.length; start += perEvent, n++) {
      const body: ReadingBatch = {
        batchId: n === 0 ? `${requestId}/${device}` : `${requestId}/${device}/${n}`,
        readings: group.slice(start, start + perEvent),
      };
      events.push({ partitionKey: device, body });
    }
  }
  return events;
}
