import { FastifyOtelInstrumentation } from '@fastify/otel';
import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { installHttpSpans } from './http-spans.js';
import { TestContextManager } from './test-context.js';

export type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Spans recorded in memory by the process-wide tracer provider (tests). */
export interface CapturedSpans {
  /** Finished spans so far, in the order they ended. */
  spans(): ReadableSpan[];
  /** Unregisters the provider and context manager (back to the no-op API). */
  stop(): Promise<void>;
}

/**
 * Registers a global tracer provider that keeps every finished span in memory, an async-local
 * context manager and the W3C propagator, so the spans services start through `tracer(name)` can be
 * inspected. One per process at a time; tests using it should run in a file of their own.
 */
export function captureSpans(): CapturedSpans {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  context.setGlobalContextManager(new TestContextManager());
  // As the SDK registers it: fastify's plugin continues a caller's `traceparent` through it.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  installHttpSpans(FastifyOtelInstrumentation); // apps built from now on make server spans
  return {
    spans: () => exporter.getFinishedSpans(),
    async stop() {
      await provider.shutdown();
      for (const api of [trace, context, propagation]) api.disable();
    },
  };
}
