import { describe, expect, it } from 'vitest';
import { startTelemetry, tracer } from './otel.js';

describe('startTelemetry', () => {
  it('with none starts nothing, returns one handle per process and shuts down', async () => {
    const first = await startTelemetry({ service: 'ingest', exporter: 'none' });
    const second = await startTelemetry({ service: 'scorer', exporter: 'console' });
    expect(second).toBe(first);
    expect(first.exporter).toBe('none');
    // No provider registered: the API hands out non-recording spans.
    const span = tracer('test').startSpan('noop');
    expect(span.isRecording()).toBe(false);
    span.end();
    await expect(first.shutdown()).resolves.toBeUndefined();
  });
});
