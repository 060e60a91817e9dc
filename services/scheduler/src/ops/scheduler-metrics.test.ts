import { type QueueDepth, startTelemetry } from '@fleetscore/shared';
import type { RunRecord } from '@fleetscore/shared/ledger';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createRunMetrics } from '../reconcile/run-metrics.js';
import { observeSchedulerGauges } from './scheduler-gauges.js';

// A file of its own: the process's meter provider is registered once.
describe('scheduler metrics', () => {
  it('record ended runs and read the queue, the replicas and the runs at each scrape', async () => {
    const telemetry = await startTelemetry({ service: 'scheduler', exporter: 'none' });
    let depth: QueueDepth = {
      waiting: 3,
      prioritized: 0,
      delayed: 1,
      active: 2,
      failed: 1,
      deadLettered: 4,
    };
    const stop = observeSchedulerGauges(telemetry.metrics.meter, {
      queue: { depth: async () => depth },
      recentRuns: async () => ({ running: 2, succeeded: 5 }),
      scaling: { jobsPerReplica: 2, min: 0, max: 10 },
    });
    const run = {
      id: 'hourly-20261125T1000Z',
      kind: 'score',
      state: 'partial',
      startedAt: '2026-11-25T11:00:00.000Z',
      endedAt: '2026-11-25T11:02:30.000Z',
    } as RunRecord;
    createRunMetrics().ended(run, { succeeded: 7, 'dead-lettered': 1 });

    const app = Fastify();
    telemetry.metrics.register(app);
    const scrape = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const value = (body: string, series: string) =>
      Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')}[^\\n]* (\\S+)$`, 'm').exec(body)?.[1]);

    const first = await scrape();
    expect(value(first, 'fleetscore_scheduler_queue_jobs{state="waiting"')).toBe(3);
    expect(value(first, 'fleetscore_scheduler_queue_jobs{state="dead-lettered"')).toBe(4);
    // Backlog 3 + 1 + 2 = 6 jobs at 2 per replica.
    expect(value(first, 'fleetscore_scheduler_desired_replicas{')).toBe(3);
    expect(value(first, 'fleetscore_scheduler_runs{state="succeeded"')).toBe(5);
    expect(value(first, 'fleetscore_scheduler_runs{state="failed"')).toBe(0);
    expect(
      value(first, 'fleetscore_scheduler_run_duration_seconds_sum{kind="score",state="partial"'),
    ).toBe(150);
    expect(value(first, 'fleetscore_scheduler_run_jobs_total{kind="score",state="succeeded"')).toBe(
      7,
    );
    expect(
      value(first, 'fleetscore_scheduler_run_jobs_total{kind="score",state="dead-lettered"'),
    ).toBe(1);

    depth = { ...depth, waiting: 0, active: 0, delayed: 0 };
    const second = await scrape();
    expect(value(second, 'fleetscore_scheduler_queue_jobs{state="waiting"')).toBe(0);
    expect(value(second, 'fleetscore_scheduler_desired_replicas{')).toBe(0);
    stop();
    await app.close();
    await telemetry.shutdown();
  });
});
