import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arbitraryEntityKey,
  arbitraryId,
  arbitraryJobIndex,
  arbitraryRunId,
} from './arbitraries.test-helper.js';
import {
  aggregatorStateName,
  deadEventName,
  HOUR_MS,
  hourPath,
  isModelPackName,
  loadedWindowsName,
  logBlobName,
  modelBlobName,
  modelPackName,
  parsePredictionsBlobName,
  planBlobName,
  predictionsBlobName,
  predictionsHourPrefixes,
  reportBlobName,
  runLogsPrefix,
  runPredictionsPrefix,
  segmentName,
  windowBlobNameSchema,
  windowBlobShard,
  windowShardPath,
} from './blob-layout.js';
import { WINDOW_FORMATS } from './window-formats.js';

/**
 * The blob layout's properties: each name read back by the layout's parser gives what it was
 * built from (predictions, window blobs), and every builder names distinct inputs distinctly —
 * two jobs, runs, models or segments never share a blob.
 */

/** Times whose UTC year has four digits, as the layout's folders do. */
const instant = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59) });
const hourOf = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
const shard = fc.nat({ max: 4095 });
const seq = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const version = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const format = fc.constantFrom(...WINDOW_FORMATS);

/** `name` is one-to-one on `inputs`: equal names exactly for equal inputs. */
function oneToOne<T>(inputs: fc.Arbitrary<T>, name: (input: T) => string) {
  fc.assert(
    fc.property(inputs, inputs, (a, b) => {
      expect(name(a)).toBe(name(structuredClone(a)));
      const same = JSON.stringify(a) === JSON.stringify(b);
      expect(name(a) === name(b), JSON.stringify([a, b])).toBe(same);
    }),
    { numRuns: 300 },
  );
}

describe('blob layout round trips', () => {
  it('predictions: parsePredictionsBlobName gives back the hour, run and job of the name', () => {
    fc.assert(
      fc.property(arbitraryRunId, arbitraryJobIndex, instant, (runId, jobIndex, from) => {
        const name = predictionsBlobName(runId, jobIndex, new Date(from));
        expect(parsePredictionsBlobName(name)).toEqual({ hourMs: hourOf(from), runId, jobIndex });
        // The readers' prefixes hold it: the API's hours, the demo's run.
        expect(predictionsHourPrefixes(from, from + 1)).toEqual([hourPath('predictions', from)]);
        expect(name.startsWith(runPredictionsPrefix(runId, from))).toBe(true);
        expect(runPredictionsPrefix(runId, from).startsWith(hourPath('predictions', from))).toBe(
          true,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('predictions: the parser reads no name but the one predictionsBlobName makes', () => {
    const near = fc
      .tuple(arbitraryRunId, arbitraryJobIndex, instant, fc.string({ maxLength: 3 }), fc.nat())
      .map(([runId, job, from, junk, at]) => {
        const name = predictionsBlobName(runId, job, new Date(from));
        const cut = at % (name.length + 1);
        return `${name.slice(0, cut)}${junk}${name.slice(cut + (at % 2))}`;
      });
    fc.assert(
      fc.property(fc.oneof(near, fc.string()), (name) => {
        const parsed = parsePredictionsBlobName(name);
        if (parsed === undefined) return;
        expect(predictionsBlobName(parsed.runId, parsed.jobIndex, new Date(parsed.hourMs))).toBe(
          name,
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('windows: windowBlobShard gives back the shard of every segment and loaded blob', () => {
    const segment = fc.record({
      hour: instant,
      shard,
      partition: arbitraryId,
      from: seq,
      to: seq,
      watermark: fc.oneof(instant, fc.constant(Number.NEGATIVE_INFINITY)),
      format,
    });
    fc.assert(
      fc.property(segment, arbitraryId, (s, source) => {
        const folder = windowShardPath(s.hour, s.shard);
        expect(folder.startsWith(hourPath('windows', s.hour))).toBe(true);
        const names = [
          `${folder}${segmentName(s.partition, s.from, s.to, s.watermark, s.format)}`,
          loadedWindowsName(s.hour, s.shard, source, s.format),
        ];
        for (const name of names) {
          expect(name.startsWith(folder)).toBe(true);
          expect(windowBlobShard(name)).toBe(s.shard);
          // A planned job's payload carries these names: its schema takes every one.
          expect(windowBlobNameSchema.parse(name)).toBe(name);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('segments and dead events: one name per partition and stream range', () => {
    oneToOne(
      fc.record({ partition: arbitraryId, from: seq, to: seq, watermark: instant, format }),
      (s) => segmentName(s.partition, s.from, s.to, s.watermark, s.format),
    );
    // Dead events of one hour: one per (partition, sequence number).
    oneToOne(fc.record({ partition: arbitraryId, seq }), (d) =>
      deadEventName(d.partition, d.seq, 0),
    );
  });

  it("a run's blobs: one prediction blob and one log per job, one plan and report per run", () => {
    oneToOne(fc.record({ runId: arbitraryRunId, job: arbitraryJobIndex }), ({ runId, job }) =>
      logBlobName(runId, job),
    );
    // Jobs of one run share its start hour.
    oneToOne(fc.record({ runId: arbitraryRunId, job: arbitraryJobIndex }), ({ runId, job }) =>
      predictionsBlobName(runId, job, new Date(0)),
    );
    fc.assert(
      fc.property(arbitraryRunId, arbitraryJobIndex, (runId, job) => {
        expect(logBlobName(runId, job).startsWith(runLogsPrefix(runId))).toBe(true);
        expect(planBlobName(runId)).not.toBe(reportBlobName(runId));
      }),
    );
    oneToOne(arbitraryRunId, planBlobName);
    oneToOne(arbitraryRunId, reportBlobName);
  });

  it('models: one blob per (entity, version); one pack per planned list, in its order', () => {
    oneToOne(fc.record({ key: arbitraryEntityKey, version }), ({ key, version }) =>
      modelBlobName(key, version),
    );
    const planned = fc.array(fc.record({ entity: arbitraryEntityKey, version }), {
      maxLength: 5,
    });
    oneToOne(planned, modelPackName);
    fc.assert(
      fc.property(planned, (models) => {
        expect(isModelPackName(modelPackName(models))).toBe(true);
      }),
    );
  });

  it('aggregator state: one blob per (consumer group, partition)', () => {
    oneToOne(fc.record({ group: arbitraryId, partition: arbitraryId }), (s) =>
      aggregatorStateName(s.group, s.partition),
    );
  });
});
