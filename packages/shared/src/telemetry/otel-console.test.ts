import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.js';
import { meter, startTelemetry, tracer } from './otel.js';

// A file of its own: the SDK registers process-wide providers, which no other test should see.
describe('startTelemetry with the console exporter', () => {
  afterAll(() => {
    for (const api of [trace, metrics, context, propagation]) api.disable();
    vi.restoreAllMocks();
  });

  it('registers the SDK, correlates logs with spans and flushes on shutdown', async () => {
    const printed: unknown[] = [];
    vi.spyOn(console, 'dir').mockImplementation((item) => void printed.push(item));
    const telemetry = await startTelemetry({
      service: 'scorer',
      version: '1.2.3',
      exporter: 'console',
    });
    expect(await startTelemetry({ service: 'other' })).toBe(telemetry);

    const lines: Record<string, unknown>[] = [];
    const log = createLogger({
      service: 'scorer',
      destination: { write: (line) => void lines.push(JSON.parse(line)) },
    });
    const traceId = tracer('test').startActiveSpan('score-job', (span) => {
      log.info('scoring');
      span.end();
      return span.spanContext().traceId;
    });
    meter('test').createCounter('fleetscore.test.count').add(1);
    await telemetry.shutdown();
    await telemetry.shutdown(); // a second call is harmless

    expect(lines[0]?.trace_id).toBe(traceId);
    expect(printed).toContainEqual(
      expect.objectContaining({
        traceId,
        name: 'score-job',
        resource: {
          attributes: expect.objectContaining({
            'service.name': 'fleetscore-scorer',
            'service.version': '1.2.3',
          }),
        },
      }),
    );
    expect(JSON.stringify(printed)).toContain('fleetscore.test.count');
  });
});
