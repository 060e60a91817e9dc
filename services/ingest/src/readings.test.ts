import { describe, expect, it } from 'vitest';
import { checkReadings, parseNdjson } from './readings.js';

describe('checkReadings', () => {
  it('keeps canonical readings and normalises event time to UTC milliseconds', () => {
    const { readings, problems } = checkReadings([
      { device: '1', sensor: '4', ts: '2018-08-28T23:00:04.123Z', value: 84.92 },
      { device: 'd-1', sensor: 't.2', ts: '2018-08-29T01:00:04+02:00', value: -1 },
    ]);
    expect(problems).toEqual([]);
    expect(readings).toEqual([
      { device: '1', sensor: '4', ts: '2018-08-28T23:00:04.123Z', value: 84.92 },
      { device: 'd-1', sensor: 't.2', ts: '2018-08-28T23:00:04.000Z', value: -1 },
    ]);
  });

  it("reads the reference simulator's shape, numbers becoming ids and naive times UTC", () => {
    const { readings } = checkReadings([
      { TS: '2018-08-28 23:00:04.123', Device: 2, Tag: 4, Value: 84.92 },
      { TS: '2018-08-28T23:00:05Z', Device: 'pump-7', Tag: 1, Value: 3 },
    ]);
    expect(readings).toEqual([
      { device: '2', sensor: '4', ts: '2018-08-28T23:00:04.123Z', value: 84.92 },
      { device: 'pump-7', sensor: '1', ts: '2018-08-28T23:00:05.000Z', value: 3 },
    ]);
  });

  it('reports each bad item by index with a reason naming the field', () => {
    const { readings, problems } = checkReadings([
      { device: '1', sensor: '4', ts: '2018-08-28T23:00:04Z', value: 1 },
      { device: 'a/b', sensor: '4', ts: '2018-08-28T23:00:04Z', value: 1 },
      { device: '1', sensor: '4', ts: 'yesterday', value: 1 },
      { TS: '2018-08-28 23:00:04', Device: -1, Tag: 4, Value: 1 },
      'not an object',
      { device: '1', sensor: '4', ts: '2018-08-28T23:00:04Z' },
    ]);
    expect(readings).toHaveLength(1);
    expect(problems.map((p) => p.index)).toEqual([1, 2, 3, 4, 5]);
    expect(problems[0]?.reason).toMatch(/^device: expected 1–64/);
    expect(problems[1]?.reason).toMatch(/^ts: /);
    expect(problems[2]?.reason).toMatch(/^Device: /);
    expect(problems[4]?.reason).toMatch(/^value: /);
  });
});

describe('parseNdjson', () => {
  it('reads one value per non-blank line and marks lines that are not JSON', () => {
    const items = parseNdjson('{"a":1}\r\n\n  \n{oops\n[2]\n');
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({ a: 1 });
    expect(items[2]).toEqual([2]);
    const { problems } = checkReadings(items);
    expect(problems[1]).toMatchObject({ index: 1, reason: expect.stringMatching(/^not JSON/) });
  });
});
