import { describe, expect, it } from 'vitest';
import { isModelFormatError, ModelFormatError } from './errors.js';

describe('ModelFormatError', () => {
  it('carries the code, the field path and a message that starts with the path', () => {
    const error = new ModelFormatError('supportVectors[3]', 'expected 2 numbers, got 3');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('MODEL_FORMAT');
    expect(error.name).toBe('ModelFormatError');
    expect(error.path).toBe('supportVectors[3]');
    expect(error.message).toBe('supportVectors[3]: expected 2 numbers, got 3');
  });

  it('calls the root "document"', () => {
    expect(new ModelFormatError('', 'expected an object, got null').message).toBe(
      'document: expected an object, got null',
    );
  });

  it('is recognised by its guard, and nothing else is', () => {
    expect(isModelFormatError(new ModelFormatError('gamma', 'bad'))).toBe(true);
    expect(isModelFormatError(new Error('gamma: bad'))).toBe(false);
    expect(isModelFormatError({ code: 'MODEL_FORMAT', path: 'gamma' })).toBe(false);
    expect(isModelFormatError(undefined)).toBe(false);
  });
});
