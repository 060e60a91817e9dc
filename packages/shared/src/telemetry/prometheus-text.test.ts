import { describe, expect, it } from 'vitest';
import { withUnitSuffixes } from './prometheus-text.js';

describe('withUnitSuffixes', () => {
  it('puts the unit in every family name, before _total, and drops the UNIT lines', () => {
    const text = [
      '# HELP v8js_memory_heap_used Heap used',
      '# UNIT v8js_memory_heap_used By',
      '# TYPE v8js_memory_heap_used gauge',
      'v8js_memory_heap_used{space="new"} 10',
      '# HELP nodejs_eventloop_time_total Time the loop ran',
      '# UNIT nodejs_eventloop_time_total s',
      '# TYPE nodejs_eventloop_time_total counter',
      'nodejs_eventloop_time_total 1.5',
      '# HELP v8js_gc_duration GC time',
      '# UNIT v8js_gc_duration s',
      '# TYPE v8js_gc_duration histogram',
      'v8js_gc_duration_bucket{le="+Inf"} 2',
      'v8js_gc_duration_sum 0.1',
      'v8js_gc_duration_count 2',
      '# HELP fleetscore_job_duration_seconds Already suffixed',
      '# UNIT fleetscore_job_duration_seconds s',
      '# TYPE fleetscore_job_duration_seconds histogram',
      'fleetscore_job_duration_seconds_count 1',
      '# UNIT v8js_resource_active {resource}',
      '# TYPE v8js_resource_active gauge',
      'v8js_resource_active 3',
    ].join('\n');
    expect(withUnitSuffixes(text).split('\n')).toEqual([
      '# HELP v8js_memory_heap_used_bytes Heap used',
      '# TYPE v8js_memory_heap_used_bytes gauge',
      'v8js_memory_heap_used_bytes{space="new"} 10',
      '# HELP nodejs_eventloop_time_seconds_total Time the loop ran',
      '# TYPE nodejs_eventloop_time_seconds_total counter',
      'nodejs_eventloop_time_seconds_total 1.5',
      '# HELP v8js_gc_duration_seconds GC time',
      '# TYPE v8js_gc_duration_seconds histogram',
      'v8js_gc_duration_seconds_bucket{le="+Inf"} 2',
      'v8js_gc_duration_seconds_sum 0.1',
      'v8js_gc_duration_seconds_count 2',
      '# HELP fleetscore_job_duration_seconds Already suffixed',
      '# TYPE fleetscore_job_duration_seconds histogram',
      'fleetscore_job_duration_seconds_count 1',
      '# TYPE v8js_resource_active gauge',
      'v8js_resource_active 3',
    ]);
  });
});
