import {
  ATTR,
  inSpan,
  linksFromCarriers,
  type MessagingTarget,
  messagingAttributes,
  type PartitionContext,
  type ReceivedEvent,
  remoteContext,
  type Span,
  SpanKind,
  tracer,
} from '@fleetscore/shared';

const TRACER = 'fleetscore-aggregator';

/**
 * Runs the handling of one delivered batch in a CONSUMER span. Ingest's publish span rides in
 * each event's properties (`traceparent`): when every event of the batch names the same one,
 * it is the parent, and the batch is part of that request's trace; when they name several, the
 * span starts a trace of its own and links to them (at most 32), as the messaging conventions
 * say for batch receives.
 */
export function inBatchSpan<T>(
  events: readonly ReceivedEvent[],
  context: PartitionContext,
  stream: MessagingTarget | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const { parent, links, dropped } = producers(events.map((event) => event.properties));
  return inSpan(
    tracer(TRACER),
    'process readings',
    {
      kind: SpanKind.CONSUMER,
      parent,
      links,
      attributes: {
        ...messagingAttributes(stream, { type: 'process', name: 'process' }),
        [ATTR.messagingConsumerGroup]: context.consumerGroup,
        [ATTR.messagingPartition]: context.partitionId,
        [ATTR.messagingBatchCount]: events.length,
        ...(dropped > 0 ? { [ATTR.linksDropped]: dropped } : {}),
      },
    },
    fn,
  );
}

/**
 * Runs a flush in a span linked to the producing spans of the events not yet checkpointed:
 * the windows it closes were built from those events (a checkpoint never passes an event whose
 * readings sit in an open window), so they are a bounded superset of the windows' sources.
 */
export function inFlushSpan<T>(
  partitionId: string,
  pending: Iterable<ReceivedEvent>,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const { links, dropped } = linksFromCarriers(mapIterable(pending, (event) => event.properties));
  return inSpan(
    tracer(TRACER),
    'flush windows',
    {
      links,
      attributes: {
        [ATTR.messagingPartition]: partitionId,
        ...(dropped > 0 ? { [ATTR.linksDropped]: dropped } : {}),
      },
    },
    fn,
  );
}

/** One distinct producer: its span is the parent. Several: a new trace, linked to them. */
function producers(carriers: ReadonlyArray<Record<string, string>>) {
  const found = linksFromCarriers(carriers);
  const [only] = found.links;
  const single = only !== undefined && found.links.length === 1 && found.dropped === 0;
  return single
    ? { parent: remoteContext(only.context), links: [], dropped: 0 }
    : { parent: remoteContext(undefined), ...found };
}

function* mapIterable<A, B>(items: Iterable<A>, map: (item: A) => B): Iterable<B> {
  for (const item of items) yield map(item);
}
