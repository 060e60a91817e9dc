import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryMinute, arbitraryRunIdParts } from './arbitraries.test-helper.js';
import { compactUtc, RUN_ID_PATTERN, runDay, runId, runIdSchema } from './run-id.js';

describe('run ids', () => {
  it('round-trip: an id is valid, unique to its parts, and gives back its window start day', () => {
    fc.assert(
      fc.property(arbitraryRunIdParts, arbitraryRunIdParts, (a, b) => {
        const id = runId(a.name, a.start, a.suffix);
        expect(runIdSchema.parse(id)).toBe(id);
        expect(runDay(id)).toBe(compactUtc(a.start).slice(0, 8));
        const same =
          a.name === b.name && a.start.getTime() === b.start.getTime() && a.suffix === b.suffix;
        expect(runId(b.name, b.start, b.suffix) === id).toBe(same);
      }),
      { numRuns: 500 },
    );
  });

  it('carry the window start in ISO 8601 basic format, minutes, UTC', () => {
    const start = new Date('2026-11-25T10:00:59.999Z');
    expect(runId('hourly', start)).toBe('hourly-20261125T1000Z');
    expect(runId('api', start, 'k3x9q1')).toBe('api-20261125T1000Z-k3x9q1');
    expect(runDay('api-20261125T1000Z-k3x9q1')).toBe('20261125');
  });

  it('refuse names and suffixes that would make no run id', () => {
    const start = new Date('2026-11-25T10:00:00Z');
    for (const [name, suffix] of [
      ['Hourly', undefined],
      ['a/b', undefined],
      ['x'.repeat(33), undefined],
      ['hourly', '../x'],
      ['hourly', 'X'],
    ] as const)
      expect(() => runId(name, start, suffix), `${name} ${suffix}`).toThrow(RangeError);
    expect(() => runId('hourly', new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => runDay('hourly')).toThrow(RangeError);
  });

  it('have no `/` and no `.`: safe in job ids and blob names', () => {
    fc.assert(
      fc.property(arbitraryMinute, (start) => {
        expect(RUN_ID_PATTERN.test(runId('n', start))).toBe(true);
      }),
    );
    expect(RUN_ID_PATTERN.source).not.toMatch(/[/.]/);
  });
});
