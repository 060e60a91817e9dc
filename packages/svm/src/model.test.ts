import { describe, expect, it } from 'vitest';
import { MODEL_FORMAT } from './model.js';

describe('model', () => {
  it('names the v1 format', () => {
    expect(MODEL_FORMAT).toBe('fleetscore.ocsvm/v1');
  });
});
