import { describe, expect, it } from 'vitest';
import { runHealthChecks } from './health.js';

describe('runHealthChecks', () => {
  it('reports each check and is ok only when all pass', async () => {
    const report = await runHealthChecks([
      { name: 'good', check: async () => {} },
      {
        name: 'bad',
        check: async () => {
          throw new Error('refused');
        },
      },
    ]);
    expect(report.ok).toBe(false);
    expect(report.checks.good?.ok).toBe(true);
    expect(report.checks.bad).toMatchObject({ ok: false, error: 'refused' });
  });

  it('fails a check that does not answer within the timeout', async () => {
    const report = await runHealthChecks(
      [{ name: 'hang', check: () => new Promise(() => {}) }],
      50,
    );
    expect(report.checks.hang).toMatchObject({ ok: false, error: 'no answer within 50 ms' });
  });

  it('masks a password or key quoted in an error: reports are served on open routes', async () => {
    const report = await runHealthChecks([
      {
        name: 'stream',
        check: async () => {
          throw new Error('Redis at redis://:hunter2@cache:6380: ECONNREFUSED');
        },
      },
    ]);
    expect(report.checks.stream?.error).toBe(
      'Redis at redis://:[redacted]@cache:6380: ECONNREFUSED',
    );
  });
});
