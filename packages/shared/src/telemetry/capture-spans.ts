import { context, propagation, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
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
 * Registers a global tracer provider that keeps every finished span in memory, and an
 * async-local context manager, so the spans services start through `tracer(name)` can be
 * inspected. One per process at a time; tests using it should run in a file of their own.
 */
export function captureSpans(): CapturedSpans {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  context.setGlobalContextManager(new TestContextManager());
  trace.setGlobalTracerProvider(provider);
  return {
    spans: () => exporter.getFinishedSpans(),
    async stop() {
      await provider.shutdown();
      for (const api of [trace, context, propagation]) api.disable();
    },
  };
}
