import { testStack } from '@fleetscore/shared/testing';
import { describe, expect, it } from 'vitest';
import { fleetscoreWithEnv } from '../cli.test-helper.js';

async function health(env: Record<string, string>) {
  const { code, stdout } = await fleetscoreWithEnv(env, 'health', '--json');
  return {
    code,
    report: JSON.parse(stdout) as { checks: Record<string, { ok: boolean; error?: string }> },
  };
}

describe('fleetscore health', () => {
  const { redisUrl, storageConnectionString } = testStack();

  it('reports every backend ok on the local stack', async () => {
    const { code, report } = await health({
      FLEETSCORE_REDIS_URL: redisUrl,
      FLEETSCORE_STORAGE_CONNECTION_STRING: storageConnectionString,
    });
    expect(report.checks).toMatchObject({
      stream: { ok: true },
      queue: { ok: true },
      blob: { ok: true },
    });
    expect(code).toBe(0);
  });

  it('exits 1 naming the backend that does not answer', async () => {
    const { code, report } = await health({
      FLEETSCORE_REDIS_URL: 'redis://127.0.0.1:1',
      FLEETSCORE_STORAGE_CONNECTION_STRING: storageConnectionString,
    });
    expect(code).toBe(1);
    expect(report.checks.stream).toMatchObject({ ok: false });
    expect(report.checks.stream?.error).toMatch(/Redis at redis:\/\/127\.0\.0\.1:1/);
    expect(report.checks.blob).toMatchObject({ ok: true });
  });
});
