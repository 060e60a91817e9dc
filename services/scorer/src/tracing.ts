import type { LoadedModel, ModelRegistry } from '@fleetscore/registry';
import {
  ATTR,
  contextFromCarrier,
  type Entity,
  entityKey,
  inSpan,
  type MessagingTarget,
  messagingAttributes,
  type ReceivedJob,
  recordPhase,
  type Span,
  SpanKind,
  tracer,
} from '@fleetscore/shared';

const TRACER = 'fleetscore-scorer';

/**
 * Runs one delivery of a job in a CONSUMER span whose parent is the run's launch span (its
 * context travels in the payload's `traceparent`), so a run is one trace: scheduler → jobs.
 */
export function inJobSpan<T>(
  received: ReceivedJob<unknown>,
  queue: MessagingTarget | undefined,
  fn: (span: Span) => Promise<T>,
) {
  const payload = isRecord(received.payload) ? received.payload : {};
  const kind = typeof payload.kind === 'string' ? payload.kind : 'unknown';
  return inSpan(
    tracer(TRACER),
    `process ${kind} job`,
    {
      kind: SpanKind.CONSUMER,
      parent: contextFromCarrier(payload),
      attributes: {
        ...messagingAttributes(queue, { type: 'process', name: 'process' }),
        [ATTR.messagingMessageId]: received.id,
        [ATTR.jobId]: received.id,
        [ATTR.jobKind]: kind,
        [ATTR.jobAttempt]: received.attempt,
        ...(typeof payload.runId === 'string' ? { [ATTR.runId]: payload.runId } : {}),
      },
    },
    fn,
  );
}

/**
 * Child spans of the job span for the phases the job's work timed (`JobResult.timings`, ms,
 * consecutive from `startedMs`, an epoch time): windows read, scoring or training, predictions
 * written. They are recorded after the fact because the work reports durations rather than
 * taking a tracer.
 */
export function recordJobPhases(
  span: Span,
  startedMs: number,
  timings: Readonly<Record<string, number>>,
): void {
  const phases: Array<[key: string, name: string]> = [
    ['readMs', 'read windows'],
    ['scoreMs', 'score'],
    ['trainMs', 'train'],
    ['writeMs', 'write predictions'],
  ];
  let at = startedMs;
  for (const [key, name] of phases) {
    const ms = timings[key];
    if (ms === undefined) continue;
    recordPhase(tracer(TRACER), span, name, at, at + ms);
    at += ms;
  }
}

/**
 * The registry's `load` in a span per call (a model-cache miss: the cache calls it only for a
 * model it does not hold). Pass the result to `createModelCache` for model-load spans.
 */
export function tracedModelLoads(
  registry: Pick<ModelRegistry, 'load'>,
): Pick<ModelRegistry, 'load'> {
  return {
    load: (entity: Entity, version: number): Promise<LoadedModel> =>
      inSpan(
        tracer(TRACER),
        'load model',
        {
          attributes: {
            [ATTR.entity]: entityKey(entity),
            [ATTR.modelVersion]: version,
          },
        },
        () => registry.load(entity, version),
      ),
  };
}

/** A wall-clock epoch time in ms, from `performance.now()` units. */
export const epochMs = (performanceNow: number) => performance.timeOrigin + performanceNow;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
