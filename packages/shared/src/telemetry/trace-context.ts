import {
  type Context,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  type Link,
  ROOT_CONTEXT,
  type SpanContext,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * W3C trace context carried across the stream (event properties) and the queue (job payload).
 * The propagator is used directly rather than the global one, so producer and consumer agree
 * whatever the SDK registered (and tests need not register a propagator).
 */
const w3c = new W3CTraceContextPropagator();

/** Anything that may hold carrier fields: event properties, a job payload, HTTP headers. */
export type CarrierLike = Readonly<{ traceparent?: unknown; tracestate?: unknown }>;

/** The `traceparent` / `tracestate` fields of a carrier. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/**
 * The trace context of `from` (default: the active context) as carrier fields; empty when no
 * valid span is active (telemetry off), so nothing is added to messages then.
 */
export function traceCarrier(from: Context = context.active()): TraceCarrier {
  const carrier: Record<string, string> = {};
  w3c.inject(from, carrier, defaultTextMapSetter);
  const { traceparent, tracestate } = carrier;
  return {
    ...(traceparent ? { traceparent } : {}),
    ...(tracestate ? { tracestate } : {}),
  };
}

/** The remote span context a carrier names, or undefined (absent or malformed). */
export function remoteSpanContext(carrier: CarrierLike | undefined): SpanContext | undefined {
  if (!carrier || typeof carrier.traceparent !== 'string') return undefined;
  const fields: Record<string, string> = { traceparent: carrier.traceparent };
  if (typeof carrier.tracestate === 'string') fields.tracestate = carrier.tracestate;
  const span = trace.getSpanContext(w3c.extract(ROOT_CONTEXT, fields, defaultTextMapGetter));
  return span && isSpanContextValid(span) ? span : undefined;
}

/** A context whose parent is the carrier's remote span (ROOT_CONTEXT without one). */
export function contextFromCarrier(carrier: CarrierLike | undefined): Context {
  return remoteContext(remoteSpanContext(carrier));
}

/** A context whose parent is `remote` (ROOT_CONTEXT without one: a new trace). */
export function remoteContext(remote: SpanContext | undefined): Context {
  return remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : ROOT_CONTEXT;
}

/**
 * Links to the distinct remote spans of many carriers (a consumed batch), at most `max`: span
 * links are held in memory and exported per span, so a batch of thousands must not make
 * thousands. `dropped` counts the distinct spans left out.
 */
export function linksFromCarriers(
  carriers: Iterable<CarrierLike | undefined>,
  max = MAX_LINKS,
): { links: Link[]; dropped: number } {
  const seen = new Set<string>();
  const links: Link[] = [];
  let dropped = 0;
  for (const carrier of carriers) {
    const remote = remoteSpanContext(carrier);
    if (!remote) continue;
    const key = `${remote.traceId}/${remote.spanId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (links.length < max) links.push({ context: remote });
    else dropped += 1;
  }
  return { links, dropped };
}

/** Default bound of `linksFromCarriers`. */
export const MAX_LINKS = 32;
