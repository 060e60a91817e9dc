import { describe, expect, it } from 'vitest';
import { checkExposition } from './exposition.js';

const GOOD = `# HELP target_info Target metadata
# TYPE target_info gauge
target_info{service_name="fleetscore-x"} 1
# HELP job_duration_seconds Time a job took
# UNIT job_duration_seconds s
# TYPE job_duration_seconds histogram
job_duration_seconds_count{kind="score"} 2
job_duration_seconds_sum{kind="score"} 3.5
job_duration_seconds_bucket{kind="score",le="1"} 1
job_duration_seconds_bucket{kind="score",le="+Inf"} 2
# HELP jobs_total Jobs handled
# TYPE jobs_total counter
jobs_total{outcome="succeeded"} 7
`;

describe('checkExposition', () => {
  it('accepts a well-formed exposition and lists its families', () => {
    const { problems, families } = checkExposition(GOOD);
    expect(problems).toEqual([]);
    expect(families.map((f) => [f.name, f.type])).toEqual([
      ['target_info', 'gauge'],
      ['job_duration_seconds', 'histogram'],
      ['jobs_total', 'counter'],
    ]);
  });

  it('reports what promtool would', () => {
    const bad = [
      '# HELP jobs Jobs',
      '# TYPE jobs counter',
      'jobs 1',
      '# HELP lag_ms Lag',
      '# UNIT lag_ms s',
      '# TYPE lag_ms gauge',
      'lag_ms 3',
      'orphan 1',
      '# HELP h description missing',
      '# TYPE h histogram',
      'h_bucket{le="1"} x',
    ].join('\n');
    const { problems } = checkExposition(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        'jobs: counter without the _total suffix',
        "lag_ms: unit s is not the name's suffix",
        'lag_ms: use base units (seconds, bytes)',
        'orphan: sample without a TYPE',
        'orphan: sample without a HELP',
        'h: no help text',
        'line 11: value x is not a number',
        'h: histogram without an le="+Inf" bucket',
      ]),
    );
  });
});
