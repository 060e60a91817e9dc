import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  arbitraryEntityKey,
  arbitraryId,
  arbitraryJobIndex,
  arbitraryMinute,
  arbitraryRunId,
} from './arbitraries.test-helper.js';
import { loadedWindowsName } from './blob-layout.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { type ReadingBatch, readingBatchSchema } from './reading.js';
import { type JobPayload, jobPayloadSchema } from './run.js';
import { type WindowRecord, windowSchema } from './window.js';

// The messages that cross a process boundary as JSON — queue payloads (scheduler → scorer),
// reading batches (ingest → aggregator, one stream event each), window records (aggregator →
// scorer, one NDJSON line each) and page tokens (an adapter → an API client → the adapter):
// what a writer is handed, sent as JSON and read back with the contract's schema, is what the
// writer was handed.
const throughJson = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

const iso = arbitraryMinute.map((d) => d.toISOString());
// JSON has no -0: a value of -0 is read back as 0, the same number (=== but not Object.is).
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v));
const windowBlob = fc
  .record({ hour: arbitraryMinute, shard: fc.nat({ max: 4095 }), source: arbitraryId })
  .map(({ hour, shard, source }) => loadedWindowsName(hour.getTime(), shard, source, 'ndjson'));

const jobBase = {
  runId: arbitraryRunId,
  jobIndex: arbitraryJobIndex,
  from: iso,
  to: iso,
  shard: fc.nat({ max: 4095 }),
  windows: fc.option(fc.array(windowBlob, { maxLength: 5 }), { nil: undefined }),
  traceparent: fc.option(fc.string({ maxLength: 128 }), { nil: undefined }),
  tracestate: fc.option(fc.string({ maxLength: 512 }), { nil: undefined }),
};
const optional = { requiredKeys: ['runId', 'jobIndex', 'from', 'to', 'shard'] as never[] };

const scoringJob = fc.record(
  {
    kind: fc.constant('score' as const),
    ...jobBase,
    entities: fc.array(
      fc.record({ entity: arbitraryEntityKey, version: fc.integer({ min: 1, max: 2 ** 31 }) }),
      { maxLength: 8 },
    ),
    reportUnmodelled: fc.boolean(),
  },
  { requiredKeys: [...optional.requiredKeys, 'kind', 'entities', 'reportUnmodelled'] as never[] },
);
const trainingJob = fc.record(
  {
    kind: fc.constant('train' as const),
    ...jobBase,
    entities: fc.array(arbitraryEntityKey, { maxLength: 8 }),
    params: fc.record({
      nu: fc.double({ min: 1e-6, max: 0.999, noNaN: true }),
      gamma: fc.double({ min: 1e-9, max: 1e3, noNaN: true }),
      kernel: fc.constantFrom(
        'rbf' as const,
        'linear' as const,
        'poly' as const,
        'sigmoid' as const,
      ),
      standardize: fc.boolean(),
    }),
  },
  { requiredKeys: [...optional.requiredKeys, 'kind', 'entities', 'params'] as never[] },
);

describe('queue payloads (scheduler → scorer)', () => {
  it('read back as they were written, both kinds', () => {
    fc.assert(
      fc.property(fc.oneof(scoringJob, trainingJob), (job) => {
        const payload = job as JobPayload;
        expect(jobPayloadSchema.parse(throughJson(payload))).toEqual(payload);
      }),
    );
  });
});

describe('reading batches (ingest → aggregator)', () => {
  const batch = fc.record({
    batchId: fc.string({ minLength: 1, maxLength: 128 }),
    readings: fc.array(
      fc.record({ device: arbitraryId, sensor: arbitraryId, ts: iso, value: finite }),
      { minLength: 1, maxLength: 20 },
    ),
  });

  it('read back as they were written', () => {
    fc.assert(
      fc.property(batch, (value: ReadingBatch) => {
        expect(readingBatchSchema.parse(throughJson(value))).toEqual(value);
      }),
    );
  });
});

describe('window records (aggregator → scorer)', () => {
  const window = fc.record(
    {
      device: arbitraryId,
      sensor: arbitraryId,
      end: iso,
      seconds: fc.integer({ min: 1, max: 86_400 }),
      count: fc.integer({ min: 1, max: 1_000_000 }),
      values: fc.record(
        { avg: finite, min: finite, max: finite, count: finite, sum: finite, stddev: finite },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['device', 'sensor', 'end', 'seconds', 'count', 'values'] },
  );

  it('read back as they were written', () => {
    fc.assert(
      fc.property(window, (value: WindowRecord) => {
        expect(windowSchema.parse(throughJson(value))).toEqual(value);
      }),
    );
  });
});

describe('page tokens (adapter → client → adapter)', () => {
  const position = z.object({ after: z.string(), seq: z.number().int() });

  it('decode to the position they were made from', () => {
    fc.assert(
      fc.property(fc.record({ after: fc.string(), seq: fc.integer() }), (value) => {
        expect(decodePageToken(position, encodePageToken(value))).toEqual(value);
      }),
    );
  });
});
