import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { captureSpans } from './capture-spans.js';
import { registerHttpSpans, requestContext } from './http-spans.js';
import { SpanKind, SpanStatusCode } from './spans.js';
import { traceCarrier } from './trace-context.js';

// A file of its own: it registers the process-wide tracer provider.
describe('registerHttpSpans', () => {
  const capture = captureSpans();
  afterAll(() => capture.stop());

  it('makes a server span per request that continues the caller trace', async () => {
    const app = Fastify();
    registerHttpSpans(app);
    app.get('/things/:id', async (request) => traceCarrier(requestContext(request)));
    app.get('/broken', async () => {
      throw new Error('boom');
    });
    app.get('/refused', async () => {
      throw Object.assign(new Error('no such thing'), { statusCode: 404 });
    });
    const caller = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const ok = await app.inject({ url: '/things/7?x=1', headers: { traceparent: caller } });
    await app.inject({ url: '/broken' });
    await app.inject({ url: '/refused' });
    await app.inject({ url: '/readyz' }); // a probe: no span
    await app.close();

    const [thing, broken, refused, ...others] = capture.spans();
    expect(others).toEqual([]);
    expect(thing?.name).toBe('GET /things/:id');
    expect(thing?.kind).toBe(SpanKind.SERVER);
    expect(thing?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(thing?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(thing?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/things/:id',
      'url.path': '/things/7',
      'http.response.status_code': 200,
    });
    // The handler sees its request's span: what it injects names that span.
    expect(ok.json().traceparent).toBe(
      `00-0af7651916cd43dd8448eb211c80319c-${thing?.spanContext().spanId}-01`,
    );
    expect(broken?.attributes['http.response.status_code']).toBe(500);
    expect(broken?.status.code).toBe(SpanStatusCode.ERROR);
    expect(thing?.status.code).toBe(SpanStatusCode.UNSET);
    // The error of a 5xx is an exception on the span (Application Insights' exceptions); a
    // 4xx is the caller's, and none is recorded.
    expect(broken?.events.map((event) => event.name)).toEqual(['exception']);
    expect(broken?.events[0]?.attributes?.['exception.message']).toBe('boom');
    expect(refused?.attributes['http.response.status_code']).toBe(404);
    expect(refused?.events).toEqual([]);
    expect(thing?.attributes).toMatchObject({
      'server.address': 'localhost',
      'url.scheme': 'http',
    });
  });
});
