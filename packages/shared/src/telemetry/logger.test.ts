import { context, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from './logger.js';
import { TestContextManager } from './test-context.js';

function capture(level?: LogLevel) {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
  return { lines, log: createLogger({ service: 'scorer', level, destination }) };
}

describe('createLogger', () => {
  afterEach(() => {
    trace.disable();
    context.disable();
  });

  it('writes JSON lines with service, pid, level word and ISO time', () => {
    const { lines, log } = capture();
    log.info('started');
    log.debug('hidden at info');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ service: 'scorer', pid: process.pid, level: 'info' });
    expect(lines[0]?.msg).toBe('started');
    expect(String(lines[0]?.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(lines[0]).not.toHaveProperty('trace_id');
  });

  it('adds the active span ids', () => {
    const spans = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(spans)],
    });
    context.setGlobalContextManager(new TestContextManager());
    trace.setGlobalTracerProvider(provider);
    const { lines, log } = capture();

    trace.getTracer('test').startActiveSpan('score', (span) => {
      log.info('inside');
      span.end();
    });
    log.info('outside');

    const [exported] = spans.getFinishedSpans();
    expect(lines[0]).toMatchObject({
      trace_id: exported?.spanContext().traceId,
      span_id: exported?.spanContext().spanId,
    });
    expect(lines[0]?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[1]).not.toHaveProperty('trace_id');
  });

  it('carries runId and jobId on child loggers', () => {
    const { lines, log } = capture();
    log.child({ runId: 'run-1', jobId: 'job-7' }).warn('slow');
    expect(lines[0]).toMatchObject({ runId: 'run-1', jobId: 'job-7', level: 'warn' });
  });

  it('redacts secrets at the usual depths', () => {
    const { lines, log } = capture('debug');
    const connectionString = 'AccountName=a;AccountKey=c2VjcmV0';
    log.debug({ connectionString, config: { storage: { connectionString } } }, 'config');
    log.info({ req: { headers: { authorization: 'Bearer t', 'x-api-key': 'k' } } }, 'request');
    const text = JSON.stringify(lines);
    expect(text).not.toContain('c2VjcmV0');
    expect(text).not.toContain('Bearer t');
    expect(text).not.toContain('"k"');
    expect(lines[0]).toMatchObject({ connectionString: 'AccountName=a;AccountKey=[redacted]' });
    expect(lines[1]?.req).toEqual({
      headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' },
    });
  });
});
