import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arbitraryEntityKey,
  arbitraryJobIndex,
  arbitraryRunId,
} from './arbitraries.test-helper.js';
import {
  formatJobLogLine,
  JOB_END_STATES,
  type JobLogEvent,
  MODEL_SOURCES,
  parseJobLog,
} from './job-log.js';
import { ENTITY_STATUSES, RUN_KINDS } from './run.js';

const count = fc.nat();
/** An instant `toISOString` prints as ISO 8601 (four-digit years). */
const instant = fc.date({
  min: new Date(0),
  max: new Date('9999-12-31T23:59:59Z'),
  noInvalidDate: true,
});
const iso = instant.map((d) => d.toISOString());
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/**
 * A key of a record field (`versions`, `timings`). zod drops a record key `__proto__` (a valid
 * device id), so a `models` event loses that device's version: the versions are for people,
 * and the reconciler does not read them.
 */
const recordKey = (keys: fc.Arbitrary<string>) => keys.filter((key) => key !== '__proto__');
/** Drops the keys whose value is undefined: an event as a writer builds it. */
const defined = <T extends object>(event: T): T =>
  Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as T;

/** Every event of the job log, as the scorer adds them. */
const arbitraryEvent: fc.Arbitrary<JobLogEvent> = fc.oneof(
  fc.record({
    event: fc.constant('start' as const),
    runId: arbitraryRunId,
    jobIndex: arbitraryJobIndex,
    kind: fc.constantFrom(...RUN_KINDS),
    attempt: fc.integer({ min: 1, max: 1000 }),
    workerId: fc.string(),
    shard: count,
    from: iso,
    to: iso,
    entities: count,
  }),
  fc.record({ event: fc.constant('windows' as const), windows: count, readMs: count }),
  fc
    .record({
      event: fc.constant('models' as const),
      versions: fc.dictionary(recordKey(arbitraryEntityKey), fc.integer({ min: 1, max: 2 ** 31 })),
      source: optional(fc.constantFrom(...MODEL_SOURCES)),
    })
    .map(defined),
  fc
    .record({
      event: fc.constant('entity' as const),
      entity: arbitraryEntityKey,
      status: fc.constantFrom(...ENTITY_STATUSES),
      rows: count,
      anomalies: count,
      modelVersion: optional(fc.integer({ min: 1, max: 2 ** 31 })),
      reason: optional(fc.string({ maxLength: 500 })),
    })
    .map(defined),
  fc.record({ event: fc.constant('warning' as const), message: fc.string({ unit: 'grapheme' }) }),
  fc.record({
    event: fc.constant('unmodelled' as const),
    sensors: fc.array(arbitraryEntityKey, { maxLength: 5 }),
  }),
  fc
    .record({
      event: fc.constant('end' as const),
      state: fc.constantFrom(...JOB_END_STATES),
      rows: count,
      anomalies: count,
      timings: fc.dictionary(
        recordKey(fc.string()),
        // Durations, ms (JSON has no −0).
        fc.double({ min: 0, max: 1e9, noNaN: true }).map((ms) => ms + 0),
      ),
      predictions: optional(fc.string()),
      error: optional(fc.string()),
    })
    .map(defined),
);

describe('job log', () => {
  it('round-trip: every event formatJobLogLine writes, parseJobLog reads back with its time', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(instant, arbitraryEvent)), (events) => {
        const text = events.map(([at, event]) => formatJobLogLine(at, event)).join('');
        expect(parseJobLog(text)).toEqual(
          events.map(([at, event]) => ({ at: at.toISOString(), ...event })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('writes one line per event, its time first', () => {
    const at = new Date('2026-11-25T10:00:00Z');
    expect(formatJobLogLine(at, { event: 'windows', windows: 3, readMs: 12 })).toBe(
      '{"at":"2026-11-25T10:00:00.000Z","event":"windows","windows":3,"readMs":12}\n',
    );
  });

  it('skips what is no event of the contract: a log is for people first', () => {
    const event: JobLogEvent = {
      event: 'entity',
      entity: 'd/s',
      status: 'scored',
      rows: 2,
      anomalies: 1,
      modelVersion: 4,
    };
    const entity = formatJobLogLine(new Date(0), event);
    const text = [
      'not json',
      '{"event":"entity"}',
      '{"at":"1970-01-01T00:00:00.000Z","event":"mystery"}',
      entity.replace('"d/s"', '"../d"'),
      '',
      entity.trimEnd(), // the last line needs no newline
    ].join('\n');
    expect(parseJobLog(text)).toEqual([{ at: '1970-01-01T00:00:00.000Z', ...event }]);
  });
});
