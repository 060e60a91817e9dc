import { describe, expect, it } from 'vitest';
import { failureReason, UnavailableError } from './errors.js';

describe('failureReason', () => {
  it('is the error message, the error name when it has none, or the thrown value as text', () => {
    expect(failureReason(new Error('boom'))).toBe('boom');
    expect(failureReason(new UnavailableError('down'))).toBe('down');
    expect(failureReason(new TypeError())).toBe('TypeError');
    expect(failureReason('plain')).toBe('plain');
    expect(failureReason(42)).toBe('42');
  });
});
