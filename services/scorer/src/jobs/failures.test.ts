import { NonRetryableError, NotFoundError, UnavailableError } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { entityProblem, isEntityLevel, isTransient } from './failures.js';

describe('transient errors', () => {
  it('are unavailability, 5xx, timeouts and dropped connections', () => {
    expect(isTransient(new UnavailableError('down'))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { statusCode: 503 }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { statusCode: 404 }))).toBe(false);
    expect(isTransient(new NonRetryableError('bad'))).toBe(false);
    // An entity's own failure (missing version) fails the entity, not the job.
    expect(isEntityLevel(new NotFoundError('no v3'))).toBe(true);
    expect(isEntityLevel(new UnavailableError('down'))).toBe(false);
  });
});

describe('the reason of a failed entity', () => {
  it('is the message after the error code, cut to the outcome limit', () => {
    expect(entityProblem(new NotFoundError('no v3'))).toBe('NOT_FOUND: no v3');
    expect(entityProblem(new RangeError('two features'))).toBe('two features');
    expect(entityProblem('thrown text')).toBe('thrown text');
    expect(entityProblem(new Error('x'.repeat(600)))).toHaveLength(500);
  });
});
