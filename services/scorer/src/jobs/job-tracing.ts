import {
  ATTR,
  contextFromCarrier,
  inSpan,
  type MessagingTarget,
  messagingAttributes,
  type ReceivedJob,
  recordPhase,
  type Span,
  SpanKind,
  tracer,
} from '@fleetscore/shared';

/** The scorer's tracer (models/model-cache-telemetry.ts traces on it too). */
export const SCORER_TRACER = 'fleetscore-scorer';

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
    tracer(SCORER_TRACER),
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
    recordPhase(tracer(SCORER_TRACER), span, name, at, at + ms);
    at += ms;
  }
}

/** A wall-clock epoch time in ms, from `performance.now()` units. */
export const epochMs = (performanceNow: number) => performance.timeOrigin + performanceNow;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
