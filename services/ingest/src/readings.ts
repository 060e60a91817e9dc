import { idSchema, type Reading, readingSchema } from '@fleetscore/shared';
import { z } from 'zod';

/** Naive `YYYY-MM-DD[ T]HH:MM:SS[.fff…]`: the reference's form, read as UTC. */
const NAIVE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/;

/** A device or tag number of the reference simulator (`"Device": 2`) becomes the id `"2"`. */
const simulatorId = z.union([z.number().int().nonnegative().transform(String), idSchema]);

/**
 * The reference simulator's shape, `{"TS":…, "Device":2, "Tag":4, "Value":84.92}`, turned into
 * a reading; the result is checked again by `readingSchema`.
 */
const simulatorReadingSchema = z
  .object({ TS: z.string(), Device: simulatorId, Tag: simulatorId, Value: z.number() })
  .transform((r) => ({
    device: r.Device,
    sensor: r.Tag,
    ts: NAIVE_TIME.test(r.TS) ? `${r.TS.replace(' ', 'T')}Z` : r.TS,
    value: r.Value,
  }))
  .pipe(readingSchema);

/** Where a readings body could not be read at all (an NDJSON line that is not JSON). */
export class UnreadableItem {
  constructor(readonly reason: string) {}
}

export interface ItemProblem {
  /** Zero-based position in the request (the array index, or the NDJSON line among items). */
  index: number;
  reason: string;
}

export interface CheckedReadings {
  /** Valid readings in request order, `ts` as UTC ISO 8601 with milliseconds. */
  readings: Reading[];
  problems: ItemProblem[];
}

/**
 * Checks every item on its own, so the report names each bad item and `?partial=true` can keep
 * the good ones. An object with a `Device` or `TS` key is read in the simulator's shape.
 */
export function checkReadings(items: readonly unknown[]): CheckedReadings {
  const readings: Reading[] = [];
  const problems: ItemProblem[] = [];
  items.forEach((item, index) => {
    if (item instanceof UnreadableItem) {
      problems.push({ index, reason: item.reason });
      return;
    }
    const simulator =
      typeof item === 'object' && item !== null && ('Device' in item || 'TS' in item);
    const result = (simulator ? simulatorReadingSchema : readingSchema).safeParse(item);
    if (!result.success) {
      const reason = result.error.issues
        .map((issue) =>
          issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
        )
        .join('; ');
      problems.push({ index, reason });
      return;
    }
    // One canonical event time on the stream: UTC, milliseconds (offsets are resolved here).
    readings.push({ ...result.data, ts: new Date(result.data.ts).toISOString() });
  });
  return { readings, problems };
}

/** The route's body schema: any JSON array (or parsed NDJSON), checked item by item. */
export const readingsBodySchema = z
  .array(z.unknown())
  .describe(
    "Readings `{device, sensor, ts, value}` (or the reference simulator's `{TS, Device, Tag, Value}`), as a JSON array or NDJSON; every item is checked, see docs/ingest.md",
  )
  .transform(checkReadings);

/**
 * Splits an NDJSON body into items: one JSON value per non-blank line (CRLF tolerated). A line
 * that is not JSON becomes an `UnreadableItem`, so it is reported by its index like any other.
 */
export function parseNdjson(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (error) {
        return new UnreadableItem(`not JSON: ${(error as Error).message}`);
      }
    });
}
