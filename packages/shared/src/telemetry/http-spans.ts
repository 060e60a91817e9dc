import {
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ATTR } from './attributes.js';
import { tracer as getTracer } from './otel.js';
import { contextFromCarrier } from './trace-context.js';

const spans = new WeakMap<FastifyRequest, Span>();

/**
 * An HTTP server span per request (no auto-instrumentation is loaded: it costs start-up time
 * and patches `http` globally). The span continues a caller's `traceparent` header, is named
 * `{method} {route}`, and carries the semantic-convention `http.*` attributes. Fastify hooks do
 * not share an async context with the handler, so handlers reach the span through
 * `requestContext(request)`.
 */
export function registerHttpSpans(app: FastifyInstance, service: string): void {
  const tracer = getTracer(`fleetscore-${service}`);
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR.httpMethod]: request.method,
          [ATTR.urlPath]: request.url.split('?')[0] ?? request.url,
          [ATTR.urlScheme]: request.protocol,
          ...(route ? { [ATTR.httpRoute]: route } : {}),
          ...(request.headers['user-agent']
            ? { [ATTR.userAgent]: request.headers['user-agent'] }
            : {}),
        },
      },
      contextFromCarrier({
        traceparent: request.headers.traceparent,
        tracestate: request.headers.tracestate,
      }),
    );
    spans.set(request, span);
  });
  const end = async (request: FastifyRequest, status?: number) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    if (status !== undefined) {
      span.setAttribute(ATTR.httpStatus, status);
      // Server spans fail on 5xx only: a 4xx is the client's error (semantic conventions).
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  };
  app.addHook('onResponse', async (request, reply) => end(request, reply.statusCode));
  app.addHook('onRequestAbort', async (request) => end(request));
}

/** The active context with the request's server span as parent (for child spans, injection). */
export function requestContext(request: FastifyRequest): Context {
  const span = spans.get(request);
  return span ? trace.setSpan(context.active(), span) : context.active();
}
