import { startTelemetry } from '@fleetscore/shared';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createScorerMetrics } from './jobs/job-metrics.js';
import { recordModelCacheLookup } from './models/model-cache-telemetry.js';

// The scorer's /metrics, jobs and model cache alike. A file of its own: the process's meter
// provider is registered once.
describe('scorer metrics', () => {
  it('count jobs by outcome, rows, anomalies and cache lookups on the process meter', async () => {
    const telemetry = await startTelemetry({ service: 'scorer', exporter: 'none' });
    const metrics = createScorerMetrics();
    metrics.job('score', 'succeeded', 2.5);
    metrics.job('score', 'failed', 0.2);
    metrics.outcomes('score', [
      { entity: 'd1/s1', status: 'scored', rows: 10, anomalies: 2 },
      { entity: 'd1/s2', status: 'scored', rows: 5, anomalies: 0 },
      { entity: 'd2/s1', status: 'no-data', rows: 0, anomalies: 0 },
    ]);
    recordModelCacheLookup(true);
    recordModelCacheLookup(true);
    recordModelCacheLookup(false);

    const app = Fastify();
    telemetry.metrics.register(app);
    const { body } = await app.inject({ method: 'GET', url: '/metrics' });
    await app.close();
    await telemetry.shutdown();
    const value = (series: string) =>
      Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')}[^\\n]* (\\S+)$`, 'm').exec(body)?.[1]);

    expect(value('fleetscore_scorer_jobs_total{kind="score",outcome="succeeded"')).toBe(1);
    expect(value('fleetscore_scorer_jobs_total{kind="score",outcome="failed"')).toBe(1);
    expect(
      value('fleetscore_scorer_job_duration_seconds_count{kind="score",outcome="succeeded"'),
    ).toBe(1);
    expect(
      value('fleetscore_scorer_job_duration_seconds_sum{kind="score",outcome="succeeded"'),
    ).toBe(2.5);
    expect(value('fleetscore_scorer_rows_total{kind="score"')).toBe(15);
    expect(value('fleetscore_scorer_anomalies_total{kind="score"')).toBe(2);
    expect(value('fleetscore_scorer_entities_total{kind="score",status="scored"')).toBe(2);
    expect(value('fleetscore_scorer_entities_total{kind="score",status="no-data"')).toBe(1);
    expect(value('fleetscore_scorer_model_cache_lookups_total{result="hit"')).toBe(2);
    expect(value('fleetscore_scorer_model_cache_lookups_total{result="miss"')).toBe(1);
  });
});
