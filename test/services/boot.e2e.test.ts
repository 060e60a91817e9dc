import { testStack } from '@fleetscore/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServiceProcess, startService, waitForStatus } from './service-process.js';

const { redisUrl, storageConnectionString } = testStack();
const stackEnv = {
  FLEETSCORE_REDIS_URL: redisUrl,
  FLEETSCORE_STORAGE_CONNECTION_STRING: storageConnectionString,
};
const running: ServiceProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.child.kill('SIGKILL');
});

// Each service: the variable that sets its HTTP port, and a port free for the test; the
// ingest and the scheduler also have an API port, where probes must not answer.
const services = [
  {
    name: 'ingest',
    portVar: 'FLEETSCORE_HEALTH_PORT',
    port: 18181,
    api: { portVar: 'FLEETSCORE_INGEST_PORT', port: 18185 },
    checks: ['stream'],
  },
  {
    name: 'aggregator',
    portVar: 'FLEETSCORE_HEALTH_PORT',
    port: 18182,
    checks: ['stream', 'blob'],
  },
  {
    name: 'scheduler',
    portVar: 'FLEETSCORE_HEALTH_PORT',
    port: 18183,
    api: { portVar: 'FLEETSCORE_SCHEDULER_PORT', port: 18186 },
    checks: ['table:runs', 'queue', 'blob'],
  },
  { name: 'scorer', portVar: 'FLEETSCORE_HEALTH_PORT', port: 18184, checks: ['queue', 'blob'] },
];

describe.each(services)('$name as a process', ({ name, portVar, port, api, checks }) => {
  it('becomes ready on the real local stack and stops cleanly on SIGTERM', async () => {
    const service = startService(name, {
      ...stackEnv,
      [portVar]: String(port),
      ...(api ? { [api.portVar]: String(api.port) } : {}),
    });
    running.push(service);
    const report = (await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200)) as {
      checks: Record<string, { ok: boolean }>;
    };
    expect(Object.keys(report.checks).sort()).toEqual([...checks].sort());
    if (api) {
      // The public listener serves the API, and no probe or scrape.
      for (const path of ['/healthz', '/readyz', '/metrics']) {
        const response = await fetch(`http://127.0.0.1:${api.port}${path}`);
        expect(response.status, `${name} API port ${path}`).toBe(404);
      }
    }
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.output()).toMatch(/shutting down \(SIGTERM\)/);
  });

  it('exits 2 with one message naming every bad variable', async () => {
    const service = startService(name, {
      ...stackEnv,
      [portVar]: 'not-a-port',
      FLEETSCORE_BACKEND: 'cloud',
    });
    running.push(service);
    expect(await service.exited).toBe(2);
    const output = service.output();
    expect(output).toMatch(new RegExp(`${portVar}="not-a-port"`));
    expect(output).toMatch(/FLEETSCORE_BACKEND="cloud"/);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });
});
