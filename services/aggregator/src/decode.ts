import { type ReadingBatch, type ReceivedEvent, readingBatchSchema } from '@fleetscore/shared';

export type Decoded = { ok: true; batch: ReadingBatch } | { ok: false; reason: string };

/**
 * Validates one stream event against the reading-batch contract. An invalid event can never
 * become valid by retrying, so the caller parks it (dead-events blob) and moves past it.
 */
export function decodeEvent(event: ReceivedEvent): Decoded {
  const parsed = readingBatchSchema.safeParse(event.body);
  if (parsed.success) return { ok: true, batch: parsed.data };
  const reason = parsed.error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason };
}
