import { describe, expect, it } from 'vitest';
import { type CpuProfile, stageLines, stageOfFrame, stageTimes } from './profile-stages.js';

const PNPM = 'file:///repo/node_modules/.pnpm';
const frame = (functionName: string, url = '') => ({ functionName, url });

/**
 * A profile of score-csv's shape: (root) with GC, idle, a CSV parse under the CLI's reader,
 * then a scoring loop whose writer calls csv-stringify and whose predict runs in the SVM
 * package. Node ids: 1 root, 2 GC, 3 idle, 4 readFleetCsv, 5 csv-parse under it, 6 scoreSensor,
 * 7 stringify under it, 8 predict under it, 9 a fs WriteStream continuation, 10 microtasks.
 */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 6, 9, 10] },
    { id: 2, callFrame: frame('(garbage collector)') },
    { id: 3, callFrame: frame('(idle)') },
    {
      id: 4,
      callFrame: frame('readFleetCsv', 'file:///repo/packages/cli/dist/fleet-csv.js'),
      children: [5],
    },
    {
      id: 5,
      callFrame: frame('parse', `${PNPM}/csv-parse@6.1.0/node_modules/csv-parse/lib/api/index.js`),
    },
    {
      id: 6,
      callFrame: frame('scoreSensor', 'file:///repo/packages/cli/dist/commands/score-csv.js'),
      children: [7, 8],
    },
    {
      id: 7,
      callFrame: frame(
        'stringify',
        `${PNPM}/csv-stringify@6.9.0/node_modules/csv-stringify/lib/api/index.js`,
      ),
    },
    { id: 8, callFrame: frame('predict', 'file:///repo/packages/svm/dist/decision.js') },
    { id: 9, callFrame: frame('WriteStream._writev', 'node:internal/fs/streams') },
    { id: 10, callFrame: frame('runMicrotasks') },
  ],
  // Reading: parse, readFleetCsv itself, GC, parse; then scoring: GC, stringify, predict, a
  // write, idle, the loop itself, microtasks.
  samples: [5, 4, 2, 5, 2, 7, 8, 9, 3, 6, 10],
  timeDeltas: [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000],
};

describe('bench:floor profile stages', () => {
  it("names a frame's stage by its package or module, or leaves it to the caller", () => {
    expect(stageOfFrame(frame('anything', `${PNPM}/csv-parse@6/x.js`))).toBe('CSV parse');
    expect(stageOfFrame(frame('x', 'file:///r/packages/svm/dist/sklearn/machine.js'))).toBe(
      'model load',
    );
    expect(stageOfFrame(frame('loadModelFile', 'file:///r/packages/cli/src/model-file.ts'))).toBe(
      'model load',
    );
    expect(stageOfFrame(frame('toNumber', 'file:///r/packages/cli/dist/csv.js'))).toBe('grouping');
    expect(stageOfFrame(frame('write', 'file:///r/packages/cli/dist/csv.js'))).toBe('CSV write');
    expect(stageOfFrame(frame('ReadStream._read', 'node:internal/fs/streams'))).toBe('CSV parse');
    expect(stageOfFrame(frame('x', 'wasm://wasm/abc'))).toBe('predict');
    expect(stageOfFrame(frame('compileSourceTextModule', 'node:internal/modules/esm/utils'))).toBe(
      'start-up',
    );
    expect(stageOfFrame(frame('runMicrotasks'))).toBeUndefined();
  });

  it('gives each sample to its innermost named stage, the rest by phase', () => {
    const t = stageTimes(profile);
    expect(t.totalMs).toBe(66);
    // Reading ends with the last parse sample (the 4th: 1 + 2 + 3 + 4 ms).
    expect(t.readEndMs).toBe(10);
    expect(t.ms['CSV parse']).toEqual({ read: 5, score: 0 });
    expect(t.ms.grouping).toEqual({ read: 2, score: 0 });
    expect(t.ms.GC).toEqual({ read: 3, score: 5 });
    expect(t.ms['CSV write']).toEqual({ read: 0, score: 6 + 8 });
    expect(t.ms.predict).toEqual({ read: 0, score: 7 });
    expect(t.ms['idle (waiting for I/O)']).toEqual({ read: 0, score: 9 });
    // scoreSensor's own time and the microtasks: no stage names them.
    expect(t.ms.other).toEqual({ read: 0, score: 21 });
    // A stray parse sample at the very end (under 1 % of reading) does not move the phases.
    const stray = stageTimes({
      ...profile,
      samples: [...profile.samples, 5],
      timeDeltas: [...profile.timeDeltas, 50],
    });
    expect(stray.readEndMs).toBe(10);
    expect(stray.ms.GC).toEqual({ read: 3, score: 5 });
    expect(stray.ms['CSV parse']).toEqual({ read: 5, score: 0.05 });
    const lines = stageLines(t);
    expect(lines[0]).toMatch(/^stage\s+ms\s+share\s+reading ms\s+scoring ms$/);
    expect(lines.find((l) => l.startsWith('CSV write'))).toMatch(/\s14\s+21\.2 %\s+0\s+14$/);
    expect(lines.at(-1)).toMatch(/^whole process\s+66\s+100 %\s+10\s+56$/);
  });
});
