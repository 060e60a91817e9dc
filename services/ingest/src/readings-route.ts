import { randomUUID } from 'node:crypto';
import {
  ATTR,
  contextWith,
  type EventPublisher,
  failSpan,
  isFleetscoreError,
  messagingAttributes,
  problemSchema,
  readingsAcceptedSchema,
  readingsHeadersSchema,
  readingsQuerySchema,
  requestContext,
  SpanKind,
  traceCarrier,
  tracer,
  UnavailableError,
} from '@fleetscore/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readingEvents } from './batches.js';
import type { IngestMetrics } from './ingest-metrics.js';
import { sendProblem } from './problems.js';
import { parseNdjson, readingsBodySchema } from './readings.js';

export interface ReadingsRouteOptions {
  stream: EventPublisher;
  metrics: IngestMetrics;
  maxBatch: number;
  maxBodyBytes: number;
  readingsPerEvent: number;
  retryAfterSeconds: number;
  publishTimeoutMs: number;
}

/** The event hub (stream) readings go to, as main.ts opens it. */
const STREAM_NAME = 'readings';

const MEDIA_TYPES = new Set(['application/json', 'application/x-ndjson']);

/**
 * `POST /v1/readings`: validate the whole batch, publish it per device, answer 202 after.
 * Register on an app guarded by `guardRoutes`, which authenticates it first (role
 * `readings.write`).
 */
export function registerReadingsRoute(app: FastifyInstance, options: ReadingsRouteOptions): void {
  const { stream, metrics } = options;
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) =>
    done(null, parseNdjson(body as string)),
  );
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/readings',
    {
      bodyLimit: options.maxBodyBytes,
      // After the guard's authentication: refuse other media types before any byte is parsed.
      onRequest: [refuseOtherMediaTypes],
      preValidation: async (request, reply) => {
        if (Array.isArray(request.body) && request.body.length > options.maxBatch) {
          const detail = `${request.body.length} readings; at most ${options.maxBatch} per request`;
          return sendProblem(reply, 'tooLarge', { detail });
        }
      },
      schema: {
        summary:
          'Publish a batch of readings (JSON array or NDJSON); 202 once the stream has them all',
        tags: ['readings'],
        'x-required-role': 'readings.write',
        consumes: [...MEDIA_TYPES],
        querystring: readingsQuerySchema,
        headers: readingsHeadersSchema,
        body: readingsBodySchema,
        response: {
          202: readingsAcceptedSchema,
          400: problemSchema,
          413: problemSchema,
          415: problemSchema,
          429: problemSchema,
          503: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const { readings, problems } = request.body;
      const total = readings.length + problems.length;
      if (total === 0) return sendProblem(reply, 'invalidReadings', { detail: 'no readings' });
      if (problems.length > 0 && (!request.query.partial || readings.length === 0)) {
        metrics.rejected.add(total, { reason: 'invalid' });
        const detail = `${problems.length} of ${total} readings are invalid; nothing was published`;
        return sendProblem(reply, 'invalidReadings', { detail, errors: problems });
      }
      const batchId = request.headers['idempotency-key'] ?? randomUUID();
      // The publish span is the events' parent: its context rides in each event's properties,
      // so the aggregator's spans join this request's trace.
      const span = tracer('fleetscore-ingest').startSpan(
        `send ${STREAM_NAME}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            ...messagingAttributes(stream.messaging, { type: 'send', name: 'send' }, STREAM_NAME),
            [ATTR.batchId]: batchId,
            [ATTR.readings]: readings.length,
          },
        },
        requestContext(request),
      );
      const properties = traceCarrier(contextWith(span, requestContext(request)));
      const events = readingEvents(batchId, readings, options.readingsPerEvent).map((event) =>
        Object.keys(properties).length === 0 ? event : { ...event, properties: { ...properties } },
      );
      span.setAttribute(ATTR.messagingBatchCount, events.length);
      const started = performance.now();
      try {
        await publishWithin(stream, events, options.publishTimeoutMs);
        metrics.publishSeconds.record((performance.now() - started) / 1000, { outcome: 'ok' });
        span.end();
      } catch (error) {
        failSpan(span, error);
        span.end();
        metrics.publishSeconds.record((performance.now() - started) / 1000, { outcome: 'error' });
        if (!isFleetscoreError(error, 'UNAVAILABLE')) throw error;
        metrics.rejected.add(readings.length, { reason: 'unavailable' });
        request.log.warn({ err: error, batchId }, 'publish failed; answering 503');
        reply.header('retry-after', String(options.retryAfterSeconds));
        return sendProblem(reply, 'unavailable', { detail: `${error.message}; retry the request` });
      }
      metrics.accepted.add(readings.length);
      if (problems.length > 0) metrics.rejected.add(problems.length, { reason: 'invalid' });
      return reply.code(202).send({ accepted: readings.length, batchId, rejected: problems });
    },
  );
}

async function refuseOtherMediaTypes(request: FastifyRequest, reply: FastifyReply) {
  const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!MEDIA_TYPES.has(mediaType)) {
    const detail = `${mediaType || 'no content type'}; send application/json or application/x-ndjson`;
    return sendProblem(reply, 'unsupportedMediaType', { detail });
  }
}

/**
 * Publishes, or fails with `UnavailableError` after `timeoutMs`: a stream that hangs (Redis
 * reconnecting) must not hold the client. The adapter may still complete a publish that timed
 * out here — the 503 then means "not known to be published", and the retry may duplicate.
 */
async function publishWithin(
  stream: EventPublisher,
  events: Parameters<EventPublisher['publish']>[0],
  timeoutMs: number,
) {
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = new Promise<never>((_resolve, reject) => {
    signal.addEventListener(
      'abort',
      () => reject(new UnavailableError(`publish timed out after ${timeoutMs} ms`)),
      {
        once: true,
      },
    );
  });
  await Promise.race([stream.publish(events, { signal }), timedOut]);
}
