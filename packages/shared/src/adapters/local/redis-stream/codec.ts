import type { OutgoingEvent, ReceivedEvent } from '../../../ports/event-stream.js';

/** A stream entry as XREADGROUP returns it; `fields` is null for an entry trimmed meanwhile. */
export type RawEntry = [id: string, fields: string[] | null];

/** The script arguments of one event: partition key, body JSON, properties JSON. */
export function encodeEvent(event: OutgoingEvent): [string, string, string] {
  // `undefined` has no JSON form; it travels as null, as the Event Hubs SDK sends it.
  const body = JSON.stringify(event.body ?? null);
  return [event.partitionKey, body, JSON.stringify(event.properties ?? {})];
}

/**
 * Turns an entry into a port event. The offset is the entry id (`<ms>-<n>`), whose time part
 * is when Redis appended it; that is the enqueued time.
 */
export function decodeEntry(
  partitionId: string,
  [id, fields]: RawEntry,
): ReceivedEvent | undefined {
  if (fields === null) return undefined;
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i]!, fields[i + 1]!);
  return {
    partitionId,
    offset: id,
    sequenceNumber: Number(values.get('seq') ?? Number.NaN),
    enqueuedTime: new Date(Number(id.slice(0, id.indexOf('-')))),
    partitionKey: values.get('key'),
    body: parseJson(values.get('body'), null),
    properties: parseJson(values.get('props'), {}) as Record<string, string>,
  };
}

function parseJson(text: string | undefined, fallback: unknown): unknown {
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text);
  } catch {
    // Written by something other than this adapter: hand over the raw text.
    return text;
  }
}
