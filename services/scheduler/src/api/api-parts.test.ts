import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeToken, encodeToken } from './continuation.js';
import { metricsText } from './metrics-text.js';
import { pageByOffset } from './page.js';

describe('continuation tokens', () => {
  it('round-trip a position and refuse anything else as a NonRetryableError', () => {
    const schema = z.object({ o: z.number() });
    expect(decodeToken(schema, encodeToken({ o: 4 }))).toEqual({ o: 4 });
    for (const bad of ['%%%', encodeToken({ o: 'x' }), Buffer.from('nope').toString('base64url')]) {
      expect(() => decodeToken(schema, bad)).toThrow(
        expect.objectContaining({ code: 'NON_RETRYABLE' }),
      );
    }
  });

  it('page a whole list by offset to its end', () => {
    const items = [1, 2, 3, 4, 5];
    const seen: number[] = [];
    let token: string | undefined;
    do {
      const page = pageByOffset(items, 2, token);
      seen.push(...page.items);
      token = page.continuation;
    } while (token);
    expect(seen).toEqual(items);
    expect(pageByOffset(items, 5)).toEqual({ items });
  });
});

describe('metricsText', () => {
  it('exposes queue depth and runs by state as Prometheus gauges', () => {
    const text = metricsText({
      depth: { waiting: 3, prioritized: 1, delayed: 2, active: 1, failed: 2, deadLettered: 4 },
      runs: { running: 2, succeeded: 5 },
      runStates: ['running', 'succeeded', 'failed'],
      desiredReplicas: 3,
    });
    expect(text).toContain('# TYPE fleetscore_queue_jobs gauge\n');
    expect(text).toContain('fleetscore_queue_jobs{state="waiting"} 3\n');
    expect(text).toContain('fleetscore_queue_jobs{state="prioritized"} 1\n');
    expect(text).toContain('fleetscore_queue_jobs{state="dead-lettered"} 4\n');
    expect(text).toContain('fleetscore_runs{state="succeeded"} 5\n');
    expect(text).toContain('fleetscore_runs{state="failed"} 0\n');
    expect(text).toMatch(/fleetscore_scorer_desired_replicas 3\n$/);
    // Every sample line is `name{labels} value` or `name value`.
    for (const line of text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-z_]+(\{state="[a-z-]+"\})? \d+$/);
    }
  });
});
