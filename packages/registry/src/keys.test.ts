import { describe, expect, it } from 'vitest';
import {
  checkedKey,
  decodeContinuation,
  deviceRange,
  encodeContinuation,
  entryRowKey,
  isContinuationToken,
  keyOfEntryRow,
  versionRowKey,
  versionsPartition,
} from './keys.js';

describe('registry keys', () => {
  it('maps entity keys to row keys without "/" and back', () => {
    for (const key of ['dev-1', 'dev-1/temp', 'a.b/c_d']) {
      const row = entryRowKey(key);
      expect(row).not.toContain('/');
      expect(keyOfEntryRow(row)).toBe(key);
    }
    expect(keyOfEntryRow('a!b!c')).toBeUndefined();
    expect(keyOfEntryRow('')).toBeUndefined();
  });

  it('sorts rows by (device, sensor): a device is one contiguous row range', () => {
    const keys = ['a0/z', 'a/y', 'a-b/x', 'a', 'a/x', 'a.c'];
    const rows = keys.map(entryRowKey).sort();
    expect(rows.map(keyOfEntryRow)).toEqual(['a', 'a/x', 'a/y', 'a-b/x', 'a.c', 'a0/z']);
    const { from, to } = deviceRange('a');
    expect(rows.filter((row) => row >= from && row < to).map(keyOfEntryRow)).toEqual([
      'a',
      'a/x',
      'a/y',
    ]);
  });

  it('checks ids before a key is built', () => {
    expect(checkedKey({ device: 'd', sensor: 's' })).toBe('d/s');
    expect(() => checkedKey({ device: '..' + '/x' })).toThrow(RangeError);
    expect(() => checkedKey({ device: 'd', sensor: '' })).toThrow(RangeError);
    expect(() => checkedKey({ device: 'x'.repeat(65) })).toThrow(RangeError);
    // Whatever ID_PATTERN refuses, in either part (test/security/hostile.ts lists such ids).
    for (const id of [
      '.',
      '..',
      'a/b',
      'a\\b',
      '%2e%2e',
      'a\u0000b',
      ' ',
      'dev\u202eice',
      '\uff0e\uff0e',
    ]) {
      expect(() => checkedKey({ device: id }), JSON.stringify(id)).toThrow(RangeError);
      expect(() => checkedKey({ device: 'd', sensor: id }), JSON.stringify(id)).toThrow(RangeError);
    }
  });

  it('names version rows in version order', () => {
    expect(versionRowKey(9) < versionRowKey(10)).toBe(true);
    expect(versionsPartition('d/s')).toBe('versions!d!s');
  });

  it('round-trips continuation tokens and refuses foreign ones', () => {
    expect(decodeContinuation(encodeContinuation('a!x'))).toBe('a!x');
    expect(() => decodeContinuation('not a token!')).toThrow(RangeError);
    expect(() => decodeContinuation(encodeContinuation('a/x'))).toThrow(RangeError);
    // The same answer as a yes/no, for the API's query schema.
    expect(isContinuationToken(encodeContinuation('a!x'))).toBe(true);
    expect(isContinuationToken(encodeContinuation('a'))).toBe(true);
    // "MC8w" is "0/0": an entity key, but not a row key (found by the API fuzz test).
    expect(isContinuationToken('MC8w')).toBe(false);
    expect(isContinuationToken('not a token!')).toBe(false);
  });
});
