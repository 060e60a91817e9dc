import {
  type Attributes,
  type Context,
  context,
  type Span,
  type SpanOptions,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { failureReason } from '../errors.js';

export type {
  Attributes,
  BatchObservableCallback,
  Context,
  Link,
  Meter,
  ObservableCallback,
  Span,
  SpanContext,
  Tracer,
} from '@opentelemetry/api';
export { SpanKind, SpanStatusCode } from '@opentelemetry/api';

/**
 * Runs `fn` in a new active span (child of `parent`, default the active context) and ends it;
 * a throw is recorded on the span, which gets status ERROR, and rethrown.
 */
export async function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions & { parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const { parent = context.active(), ...spanOptions } = options;
  return tracer.startActiveSpan(name, spanOptions, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Records an error on a span and marks it failed. */
export function failSpan(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: failureReason(error),
  });
}

/**
 * A finished child span of `parent` for a phase that was timed rather than wrapped (the work
 * ran in code that reports its durations): start and end are given, in epoch ms.
 */
export function recordPhase(
  tracer: Tracer,
  parent: Span,
  name: string,
  startMs: number,
  endMs: number,
  attributes: Attributes = {},
): void {
  const ctx = trace.setSpan(context.active(), parent);
  tracer.startSpan(name, { startTime: startMs, attributes }, ctx).end(endMs);
}

/** `parent` (default: the active context) with `span` as the current span. */
export function contextWith(span: Span, parent: Context = context.active()): Context {
  return trace.setSpan(parent, span);
}
