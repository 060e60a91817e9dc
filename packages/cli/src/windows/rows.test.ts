import { describe, expect, it } from 'vitest';
import { missingColumns, parseWindowRow, parseWindowTs } from './rows.js';

const options = { seconds: 5, aggregate: 'avg' as const };
const row = (over: Record<string, string> = {}) => ({
  TS: '2018-08-28 23:00:05.000',
  Device: '1',
  Tag: '4',
  Value: '84.53',
  ...over,
});

describe('parseWindowTs', () => {
  it('reads the reference format and ISO 8601 as UTC unless a zone is given', () => {
    const utc = Date.UTC(2018, 7, 28, 23, 0, 5);
    expect(parseWindowTs('2018-08-28 23:00:05.000')).toBe(utc);
    expect(parseWindowTs('2018-08-28T23:00:05Z')).toBe(utc);
    expect(parseWindowTs('2018-08-28T23:00:05')).toBe(utc);
    expect(parseWindowTs('2018-08-29T01:00:05+02:00')).toBe(utc);
  });

  it('refuses anything else', () => {
    for (const text of ['', '8/28/2018 23:00:05', '2018-08-28', '2018-13-01 00:00:00', 'now'])
      expect(parseWindowTs(text), text).toBeNaN();
  });
});

describe('parseWindowRow', () => {
  it('makes a window ending at TS, count 1, the value under the aggregate', () => {
    expect(parseWindowRow(row({ Value: '104.493333333333' }), options)).toEqual({
      window: {
        device: '1',
        sensor: '4',
        end: '2018-08-28T23:00:05.000Z',
        seconds: 5,
        count: 1,
        values: { avg: 104.493333333333 },
      },
    });
  });

  it('takes Count when the file has it, and another aggregate and length', () => {
    const parsed = parseWindowRow(row({ Count: '7' }), { seconds: 60, aggregate: 'max' });
    expect(parsed).toMatchObject({ window: { count: 7, seconds: 60, values: { max: 84.53 } } });
  });

  it('names every problem of a bad row', () => {
    const parsed = parseWindowRow(
      { TS: 'yesterday', Device: 'a/b', Tag: '', Value: 'NaN', Count: '0' },
      options,
    );
    expect('error' in parsed && parsed.error.split('; ')).toEqual([
      'TS "yesterday" is not YYYY-MM-DD HH:MM:SS[.fff] or ISO 8601',
      'Device "a/b" is not 1–64 of A–Z a–z 0–9 _ . -',
      'Tag "" is not 1–64 of A–Z a–z 0–9 _ . -',
      'Value "NaN" is not a finite number',
      'Count "0" is not a positive integer',
    ]);
    expect(parseWindowRow(row({ Value: '' }), options)).toEqual({
      error: 'Value "" is not a finite number',
    });
  });

  it('lists the required columns a header lacks', () => {
    expect(missingColumns(['TS', 'Device', 'Tag', 'Value', 'Count'])).toEqual([]);
    expect(missingColumns(['TS', 'Device', 'Val'])).toEqual(['Tag', 'Value']);
  });
});
