// Jobs the scorer cannot finish: retried to the attempt limit and dead-lettered with their
// reason, or dead-lettered at once when no retry can help.
import { logBlobName, UnavailableError } from '@fleetscore/shared';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Harness,
  newRunId,
  scoreRun,
  scorerHarness,
  scoringJobs,
  sensorsOf,
  terminal,
} from './scorer.test-helper.js';

let harness: Harness;
afterEach(async () => {
  await harness?.cleanup();
});

describe('scorer: failures', () => {
  it('a job that always fails is dead-lettered after N attempts with its reason', async () => {
    harness = await scorerHarness();
    const sensors = sensorsOf(1, 1);
    const versions = await harness.registerModels(sensors);
    const runId = newRunId();
    await harness.plan(scoreRun(runId), scoringJobs(runId, versions));
    // Fault injection over the real container: reading windows is always unavailable.
    const { blobs } = harness;
    const broken: typeof blobs = {
      put: (...args) => blobs.put(...args),
      get: (...args) => blobs.get(...args),
      getStream: (...args) => blobs.getStream(...args),
      delete: (...args) => blobs.delete(...args),
      exists: (...args) => blobs.exists(...args),
      list: () => {
        throw new UnavailableError('storage is down (injected)');
      },
    };
    harness.start({ jobAttempts: 3 }, { blobs: broken });

    const [record] = await harness.waitForJobs(runId, terminal);
    expect(record).toMatchObject({
      state: 'dead-lettered',
      attempts: 3,
      error: 'storage is down (injected)',
    });
    const { letters } = await harness.queue.deadLetters();
    expect(letters).toEqual([
      expect.objectContaining({
        id: `${runId}/0`,
        reason: 'storage is down (injected)',
        attempts: 3,
      }),
    ]);
    const log = await harness.text(logBlobName(runId, 0));
    expect(log).toMatch(/"state":"dead-lettered"/);
  });

  it('corrupt window data dead-letters the job at once; an invalid payload or unplanned job too', async () => {
    harness = await scorerHarness();
    const sensors = sensorsOf(1, 1);
    const versions = await harness.registerModels(sensors);
    const runId = newRunId();
    const [job] = scoringJobs(runId, versions);
    await harness.blobs.put(
      `windows/2026/11/25/10/shard=${job!.shard}/p0-0000000000000001-0000000000000001-0.ndjson`,
      '{"device":"dev0"}\n',
    );
    await harness.plan(scoreRun(runId), [job!]);
    await harness.queue.enqueue({ id: 'not-a-job', payload: { kind: 'score', runId: 42 } });
    // A valid payload of a run the ledger does not know: not a planned job.
    const stray = { ...job!, runId: newRunId('stray') };
    await harness.queue.enqueue({ id: `${stray.runId}/0`, payload: stray });
    harness.start({ jobAttempts: 5 });

    const [record] = await harness.waitForJobs(runId, terminal);
    expect(record).toMatchObject({ state: 'dead-lettered', attempts: 1 });
    expect(record!.error).toMatch(/line 1 is not a window record/);
    const deadline = Date.now() + 30_000;
    let { letters } = await harness.queue.deadLetters();
    while (letters.length < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      ({ letters } = await harness.queue.deadLetters());
    }
    const invalid = letters.find((l) => l.id === 'not-a-job');
    expect(invalid?.reason).toMatch(/^invalid job payload/);
    expect(invalid?.attempts).toBe(1);
    const strayLetter = letters.find((l) => l.id === `${stray.runId}/0`);
    expect(strayLetter).toMatchObject({
      attempts: 1,
      reason: expect.stringMatching(/no ledger record/),
    });
  });
});
