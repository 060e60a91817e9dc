import { ROOT_CONTEXT, type SpanContext, TraceFlags, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import {
  contextFromCarrier,
  linksFromCarriers,
  remoteSpanContext,
  traceCarrier,
} from './trace-context.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const spanContext = (spanId: string): SpanContext => ({
  traceId: TRACE,
  spanId,
  traceFlags: TraceFlags.SAMPLED,
});
const parent = (spanId: string) => `00-${TRACE}-${spanId}-01`;

describe('trace context carriers', () => {
  it('carries a span context as traceparent and back', () => {
    const sent = spanContext('b7ad6b7169203331');
    const carrier = traceCarrier(trace.setSpanContext(ROOT_CONTEXT, sent));
    expect(carrier).toEqual({ traceparent: parent('b7ad6b7169203331') });
    expect(remoteSpanContext(carrier)).toMatchObject({ ...sent, isRemote: true });
    expect(trace.getSpanContext(contextFromCarrier(carrier))?.spanId).toBe('b7ad6b7169203331');
  });

  it('adds nothing without a valid span, and reads nothing from a malformed carrier', () => {
    expect(traceCarrier(ROOT_CONTEXT)).toEqual({});
    expect(remoteSpanContext(undefined)).toBeUndefined();
    expect(remoteSpanContext({ traceparent: 'not-a-traceparent' })).toBeUndefined();
    expect(remoteSpanContext({ traceparent: 42 })).toBeUndefined();
    expect(contextFromCarrier({})).toBe(ROOT_CONTEXT);
  });

  it('links to distinct producers only, at most max of them, counting the rest', () => {
    const ids = ['0000000000000001', '0000000000000002', '0000000000000003'];
    const carriers = [
      { traceparent: parent(ids[0]!) },
      { traceparent: parent(ids[0]!) },
      {},
      { traceparent: parent(ids[1]!) },
      { traceparent: parent(ids[2]!) },
    ];
    const all = linksFromCarriers(carriers);
    expect(all.links.map((link) => link.context.spanId)).toEqual(ids);
    expect(all.dropped).toBe(0);
    const bounded = linksFromCarriers(carriers, 2);
    expect(bounded.links.map((link) => link.context.spanId)).toEqual(ids.slice(0, 2));
    expect(bounded.dropped).toBe(1);
  });
});
