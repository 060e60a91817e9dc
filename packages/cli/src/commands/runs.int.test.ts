import { startTestApi, TEST_API_KEY, type TestApi } from '@fleetscore/scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetscoreWithEnv } from '../cli.test-helper.js';

let api: TestApi;
let env: Record<string, string>;
const cli = (...argv: string[]) => fleetscoreWithEnv(env, ...argv);

beforeAll(async () => {
  // Runs over `ok/*` sensors succeed, over `bad/*` end partial; others keep running.
  api = await startTestApi({
    listen: true,
    settle: (run) =>
      run.entities?.[0]?.startsWith('ok/')
        ? 'succeeded'
        : run.entities?.[0]?.startsWith('bad/')
          ? 'partial'
          : undefined,
  });
  env = { FLEETSCORE_API_URL: api.url, FLEETSCORE_API_KEY: TEST_API_KEY };
});
afterAll(async () => {
  await api?.close();
});

describe('fleetscore runs', () => {
  it('trigger --wait shows progress and exits 0 when the run succeeds', async () => {
    const { code, stdout, stderr } = await cli(
      'runs',
      'trigger',
      '--from',
      '2026-11-25T08:00:00Z',
      '--to',
      '2026-11-25T09:00:00Z',
      '--entities',
      'ok/s1,ok/s2',
      '--wait',
      '--interval',
      '100',
    );
    expect(stderr).toMatch(/: running, 0\/1 jobs ended/);
    expect(stderr).toMatch(/ended succeeded/);
    expect(code).toBe(0);
    const id = stdout.trim();
    const run = await api.ledger.getRun(id);
    expect(run).toMatchObject({
      state: 'succeeded',
      entities: ['ok/s1', 'ok/s2'],
      trigger: { kind: 'cli' },
    });

    const report = await cli('runs', 'report', id);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(new RegExp(`^run ${id} succeeded`));
    expect(report.stdout).toMatch(/entities 2, scored 2/);
    const shown = await cli('runs', 'show', id, '--json');
    expect(JSON.parse(shown.stdout)).toMatchObject({ id, state: 'succeeded', jobCount: 1 });
  });

  it('trigger --wait exits 1 when the run does not succeed', async () => {
    const { code, stderr } = await cli(
      'runs',
      'trigger',
      '--from',
      '2026-11-25T08:00:00Z',
      '--to',
      '2026-11-25T09:00:00Z',
      '--entities',
      'bad/s1',
      '--wait',
      '--interval',
      '100',
    );
    expect(stderr).toMatch(/ended partial/);
    expect(code).toBe(1);
  });

  it('lists, shows jobs, cancels and refuses to retry a cancelled run', async () => {
    const started = await cli(
      'runs',
      'trigger',
      '--from',
      '2026-11-19T08:00:00Z',
      '--to',
      '2026-11-19T09:00:00Z',
      '--entities',
      'slow/s1',
    );
    expect(started.code).toBe(0);
    const id = started.stdout.trim();
    const listed = await cli(
      'runs',
      'list',
      '--from',
      '2026-11-19T00:00:00Z',
      '--to',
      '2026-11-20T00:00:00Z',
    );
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toMatch(/running/);
    const jobs = await cli('runs', 'jobs', id);
    expect(jobs.stdout).toMatch(/^\s+0 {2}queued\s+entities 1/m);
    const report = await cli('runs', 'report', id);
    expect(report.code).toBe(1);
    expect(report.stderr).toMatch(/Report not ready: run .* is running/);
    const cancelled = await cli('runs', 'cancel', id);
    expect(cancelled.stdout).toBe(`${id}: cancelled\n`);
    const retried = await cli('runs', 'retry', id);
    expect(retried.code).toBe(1);
    expect(retried.stderr).toMatch(/^fleetscore: Conflict: run .* is cancelled/);
  });

  it('prints the problem title and detail, and names the URL when the API is down', async () => {
    const missing = await cli('runs', 'show', 'api-20261125T1000Z-nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('fleetscore: Not found: no run api-20261125T1000Z-nope\n');

    const noKey = await fleetscoreWithEnv({ FLEETSCORE_API_URL: api.url }, 'runs', 'list');
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/^fleetscore: Authentication required: /);

    const down = await fleetscoreWithEnv(
      { FLEETSCORE_API_URL: 'http://127.0.0.1:1' },
      'runs',
      'list',
    );
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach the Fleetscore API at http:\/\/127\.0\.0\.1:1 /);

    const bad = await cli('runs', 'trigger', '--from', 'yesterday', '--to', '2026-11-25T09:00:00Z');
    expect(bad.code).toBe(2);
  });
});
