import { metrics } from '@opentelemetry/api';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { meter, startTelemetry, tracer } from './otel.js';

describe('startTelemetry', () => {
  afterAll(() => metrics.disable());

  it('with none traces nothing but still serves the one meter provider on /metrics', async () => {
    const first = await startTelemetry({ service: 'ingest', exporter: 'none' });
    const second = await startTelemetry({ service: 'scorer', exporter: 'console' });
    expect(second).toBe(first);
    expect(first.exporters).toEqual({ traces: { kind: 'none' }, metrics: { kind: 'none' } });
    // No tracer provider registered: the API hands out non-recording spans.
    const span = tracer('test').startSpan('noop');
    expect(span.isRecording()).toBe(false);
    span.end();

    // Instruments from the global meter and from the handle's meter reach the same route.
    meter('elsewhere').createCounter('fleetscore.test.things').add(3, { kind: 'a' });
    first.metrics.meter.createCounter('fleetscore.test.others').add(1);
    const app = Fastify();
    first.metrics.register(app);
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/^fleetscore_test_things_total\{kind="a",[^}]*\} 3$/m);
    expect(response.body).toMatch(/^fleetscore_test_others_total\{[^}]*\} 1$/m);
    expect(response.body).toMatch(/target_info\{[^}]*service_name="fleetscore-ingest"/);
    // Node runtime metrics, their names carrying their units.
    expect(response.body).toMatch(/^# TYPE v8js_memory_heap_used_bytes gauge$/m);
    expect(response.body).toMatch(/^# TYPE nodejs_eventloop_utilization_ratio gauge$/m);
    await app.close();
    await expect(first.shutdown()).resolves.toBeUndefined();
  });
});
