import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryJobIndex, arbitraryRunId } from './arbitraries.test-helper.js';
import { jobId, parseJobId } from './job-id.js';

const RUN = 'hourly-20261125T1000Z';

describe('job ids', () => {
  it('round-trip: parseJobId reads back the run and index jobId was given', () => {
    fc.assert(
      fc.property(arbitraryRunId, arbitraryJobIndex, (runId, jobIndex) => {
        expect(parseJobId(jobId(runId, jobIndex))).toEqual({ runId, jobIndex });
      }),
      { numRuns: 500 },
    );
  });

  it('are `{runId}/{index}`, the dead letter path of the API', () => {
    expect(jobId(RUN, 7)).toBe(`${RUN}/7`);
    expect(parseJobId(`api-20261125T1000Z-k3x9q1/12`)).toEqual({
      runId: 'api-20261125T1000Z-k3x9q1',
      jobIndex: 12,
    });
  });

  it('reads nothing jobId does not make', () => {
    for (const id of [
      RUN,
      `${RUN}/`,
      `/${RUN}/1`,
      `${RUN}/-1`,
      `${RUN}/+1`,
      `${RUN}/01`,
      `${RUN}/1.5`,
      `${RUN}/1e3`,
      `${RUN}/ 1`,
      `${RUN}/${2 ** 53}`,
      `${RUN}/1/2`,
      `../${RUN}/1`,
      'nonsense',
      '',
    ])
      expect(parseJobId(id), id).toBeUndefined();
  });

  it('reads any text either as a job id jobId makes or not at all', () => {
    fc.assert(
      fc.property(fc.string(), (id) => {
        const job = parseJobId(id);
        if (job !== undefined) expect(jobId(job.runId, job.jobIndex)).toBe(id);
      }),
    );
  });
});
