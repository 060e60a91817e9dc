import fc from 'fast-check';
import { entityKey } from './entity.js';
import { ID_PATTERN } from './ids.js';
import { runId } from './run-id.js';

/**
 * fast-check generators of valid contract values, for the contracts' round-trip tests: every
 * value one of them yields is one the writers may be handed.
 */

/** A device, sensor, partition or source id (ID_PATTERN). */
export const arbitraryId = fc
  .stringMatching(/^[A-Za-z0-9_.-]{1,64}$/)
  .filter((id) => ID_PATTERN.test(id));

/** A window start a run id can carry: years 1000–9999 (8 digits), UTC minutes. */
export const arbitraryMinute = fc
  .integer({ min: Date.UTC(1000, 0, 1) / 60_000, max: Date.UTC(9999, 11, 31, 23, 59) / 60_000 })
  .map((minutes) => new Date(minutes * 60_000));

/** The parts of a run id: `runId(name, start, suffix)`. */
export const arbitraryRunIdParts = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,31}$/),
  start: arbitraryMinute,
  suffix: fc.option(fc.stringMatching(/^[a-z0-9]{1,16}$/), { nil: undefined }),
});

export const arbitraryRunId = arbitraryRunIdParts.map(({ name, start, suffix }) =>
  runId(name, start, suffix),
);

/** A sensor's key (`device/sensor`) or a device's (`device`). */
export const arbitraryEntityKey = fc
  .record({ device: arbitraryId, sensor: fc.option(arbitraryId, { nil: undefined }) })
  .map(({ device, sensor }) => entityKey(sensor === undefined ? { device } : { device, sensor }));

/** A job index: a safe non-negative integer. */
export const arbitraryJobIndex = fc.oneof(
  fc.nat({ max: 10_000 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
);
