import type { FastifyOtelInstrumentation } from '@fastify/otel';
import { type Context, context, type Span, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ATTR } from './attributes.js';

type FastifyOtelClass = typeof FastifyOtelInstrumentation;
let instrumentation: FastifyOtelInstrumentation | undefined;
const failures = new WeakMap<FastifyRequest, Error>();
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Loads fastify's OpenTelemetry plugin (`@fastify/otel`) for `registerHttpSpans`: one per
 * process, loaded by `startTelemetry` (or `captureSpans` in tests) rather than when this module
 * is imported, because it costs start-up time that a process without an HTTP API need not pay.
 */
export async function loadHttpSpans(): Promise<void> {
  if (instrumentation) return;
  const { FastifyOtelInstrumentation } = await import('@fastify/otel');
  installHttpSpans(FastifyOtelInstrumentation);
}

/** `loadHttpSpans` with the class already imported (tests import it statically). */
export function installHttpSpans(FastifyOtel: FastifyOtelClass): void {
  instrumentation ??= new FastifyOtel({
    // One span per request: spans per hook or handler would be Application Insights
    // dependencies, noise beside the calls that matter.
    instrumentHooks: false,
    instrumentHandler: false,
    // Recorded below, and only for a 5xx.
    recordExceptions: false,
    requestHook: nameAndDescribe,
    // Probes and scrapes every few seconds are not requests anyone looks for in a trace view.
    ignorePaths: ({ url }) => UNTRACED.has(url.split('?')[0] ?? url),
  });
}

/**
 * A server span per request from fastify's official OpenTelemetry plugin, applied to the app
 * itself rather than by patching `http`: named `{method} {route}`, continuing a caller's
 * `traceparent`, with the semantic-convention `http.*` and `url.*` attributes. An error is
 * recorded on the span (an Application Insights exception) when the answer is a 5xx; a 4xx is
 * the caller's, not a failure of ours. Handlers reach the span through `requestContext`.
 *
 * Call it right after `Fastify()`, before any route: the plugin instruments the routes declared
 * after it (fastify runs `onRoute` hooks as each route is declared), so it is applied at once,
 * as `@fastify/otel` does itself for `registerOnInitialization`, not through `app.register`.
 * Does nothing before `loadHttpSpans` (telemetry not started: a test app).
 */
export function registerHttpSpans(app: FastifyInstance): void {
  if (!instrumentation) return;
  // Bound to the providers registered now: a test may have registered its own since.
  instrumentation.setTracerProvider(trace.getTracerProvider());
  instrumentation.plugin()(app, {}, () => {});
  app.addHook('onError', async (request, _reply, error) => void failures.set(request, error));
  app.addHook('onSend', async (request, reply) => {
    const error = failures.get(request);
    if (error && reply.statusCode >= 500) request.opentelemetry().span?.recordException(error);
  });
  app.addHook('onRequestAbort', async (request) => request.opentelemetry().span?.end());
}

/** The active context with the request's server span as parent (for child spans, injection). */
export function requestContext(request: FastifyRequest): Context {
  // Undecorated without the plugin (a test app); no context while it is disabled.
  const instrumented = typeof request.opentelemetry === 'function' ? request.opentelemetry() : null;
  return instrumented?.context ?? context.active();
}

/** `{method} {route}` as the conventions name server spans, and the attributes it leaves out. */
function nameAndDescribe(span: Span, request: FastifyRequest): void {
  const route = request.routeOptions.url;
  span.updateName(route ? `${request.method} ${route}` : request.method);
  span.setAttributes({
    [ATTR.urlPath]: request.url.split('?')[0] ?? request.url,
    [ATTR.urlScheme]: request.protocol,
    // The Host the caller asked for; Application Insights builds the request's URL from it.
    [ATTR.serverAddress]: request.hostname,
    ...(request.port ? { [ATTR.serverPort]: request.port } : {}),
    [ATTR.clientAddress]: request.ip,
    ...(request.headers['user-agent'] ? { [ATTR.userAgent]: request.headers['user-agent'] } : {}),
  });
}
