import type { PredictionBody } from '@fleetscore/shared';
import { all } from './api.js';

/** The predictions API reads at most 7 days per query. */
export const MAX_RANGE_MS = 7 * 86_400_000;

/** An entity's prediction rows with window ends in `[from, to)` (the first 7 days of it). */
export function predictionsOf(entity: string, from: string, to: string): Promise<PredictionBody[]> {
  const end = Math.min(Date.parse(to), Date.parse(from) + MAX_RANGE_MS);
  return all<PredictionBody>('/v1/predictions', {
    entity,
    from,
    to: new Date(end).toISOString(),
    limit: '10000',
  });
}
