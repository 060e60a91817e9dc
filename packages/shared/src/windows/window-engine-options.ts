import { AGGREGATES } from '../contracts/window.js';
import { FleetscoreError } from '../errors.js';
import type { WindowingOptions } from './window-engine-types.js';

/** The defaults the `WindowingOptions` TSDoc states: the reference's 5 s average. */
export const DEFAULT_WINDOWING: Readonly<WindowingOptions> = {
  windowMs: 5_000,
  latenessMs: 5_000,
  latePolicy: 'drop',
  aggregates: ['avg'],
  idleTimeoutMs: 30_000,
  replay: false,
};

/**
 * Fills the defaults and checks the result; throws `CONFIG_INVALID`. The window is a whole
 * number of seconds because `WindowRecord.seconds` is an integer.
 */
export function resolveWindowing(options: Partial<WindowingOptions>): WindowingOptions {
  const o = { ...DEFAULT_WINDOWING, ...options };
  const invalid = (message: string) => new FleetscoreError('CONFIG_INVALID', message);
  if (!Number.isSafeInteger(o.windowMs) || o.windowMs < 1000 || o.windowMs % 1000 !== 0)
    throw invalid(`windowMs must be a whole number of seconds ≥ 1 s, got ${o.windowMs}`);
  if (!Number.isSafeInteger(o.latenessMs) || o.latenessMs < 0)
    throw invalid(`latenessMs must be an integer ≥ 0, got ${o.latenessMs}`);
  if (!Number.isSafeInteger(o.idleTimeoutMs) || o.idleTimeoutMs < 1)
    throw invalid(`idleTimeoutMs must be a positive integer, got ${o.idleTimeoutMs}`);
  if (o.latePolicy !== 'drop' && o.latePolicy !== 'adjust')
    throw invalid(`latePolicy must be drop or adjust, got ${String(o.latePolicy)}`);
  if (o.aggregates.length === 0) throw invalid('aggregates must name at least one aggregate');
  for (const a of o.aggregates) {
    if (!(AGGREGATES as readonly string[]).includes(a))
      throw invalid(`unknown aggregate ${String(a)}; expected one of ${AGGREGATES.join(', ')}`);
  }
  return { ...o, aggregates: [...new Set(o.aggregates)] };
}
