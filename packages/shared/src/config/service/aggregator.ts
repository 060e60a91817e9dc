import { ID_PATTERN } from '../../contracts/ids.js';
import { AGGREGATES, type Aggregate } from '../../contracts/window.js';
import { WINDOW_FORMATS } from '../../contracts/window-formats.js';
import { integer, list, matching, oneOf, port, variableDocs } from '../variables.js';
import { defineService, doc } from './define.js';
import { healthHostVariable, shardsVariable } from './shared-variables.js';

export const aggregatorConfigSchema = defineService(
  {
    FLEETSCORE_WINDOW_SECONDS: integer(1, 3600)
      .prefault('5')
      .register(variableDocs, doc('Tumbling window length, seconds of event time')),
    FLEETSCORE_LATE_TOLERANCE_SECONDS: integer(0, 3600)
      .prefault('5')
      .register(variableDocs, doc('How long a window waits for late readings, seconds')),
    FLEETSCORE_LATE_POLICY: oneOf(['drop', 'adjust'] as const)
      .prefault('drop')
      .register(variableDocs, {
        description: 'Readings later than the tolerance: `drop` (audited) or `adjust` (ASA)',
      }),
    FLEETSCORE_AGGREGATES: list(new RegExp(`^(${AGGREGATES.join('|')})$`), AGGREGATES.join('/'))
      .prefault('avg')
      .register(variableDocs, doc(`Aggregates per window: ${AGGREGATES.join(', ')}`)),
    FLEETSCORE_IDLE_TIMEOUT_SECONDS: integer(1, 86_400)
      .prefault('30')
      .register(variableDocs, doc('Wall time after which an idle partition closes its windows')),
    FLEETSCORE_SHARDS: shardsVariable(),
    FLEETSCORE_FLUSH_SECONDS: integer(1, 3600)
      .prefault('10')
      .register(variableDocs, doc('How often closed windows are written to blob, seconds')),
    FLEETSCORE_PARTITION_EVENTS_PER_SECOND: integer(1, 1_000_000)
      .prefault('1000')
      .register(
        variableDocs,
        doc('Peak stream events/s per partition; sizes the Event Hubs redelivery buffer'),
      ),
    FLEETSCORE_AGGREGATOR_MODE: oneOf(['live', 'replay'] as const)
      .prefault('live')
      .register(variableDocs, {
        description: '`replay`: backfill with no lateness clamp, in its own consumer group',
      }),
    FLEETSCORE_AGGREGATOR_GROUP: matching(ID_PATTERN, 'letters, digits, _ . - (1–64)')
      .optional()
      .register(variableDocs, {
        description: 'Consumer group on the readings stream',
        default: '`aggregator`, or `aggregator-replay` in replay mode',
      }),
    FLEETSCORE_WINDOW_FORMAT: oneOf(WINDOW_FORMATS)
      .prefault('ndjson')
      .register(
        variableDocs,
        doc('Format of new window blobs: `ndjson`, `csv` or `parquet` (read by extension)'),
      ),
    FLEETSCORE_DEDUPE_BATCHES: integer(0, 10_000_000)
      .prefault('100000')
      .register(
        variableDocs,
        doc('Batch ids remembered per partition to drop re-published batches (0: off)'),
      ),
    FLEETSCORE_HEALTH_HOST: healthHostVariable(),
    FLEETSCORE_HEALTH_PORT: port()
      .prefault('8082')
      .register(variableDocs, doc('Port of the health and readiness endpoints')),
  },
  (env) => ({
    windowSeconds: env.FLEETSCORE_WINDOW_SECONDS,
    lateToleranceSeconds: env.FLEETSCORE_LATE_TOLERANCE_SECONDS,
    latePolicy: env.FLEETSCORE_LATE_POLICY,
    aggregates: env.FLEETSCORE_AGGREGATES as Aggregate[],
    idleTimeoutSeconds: env.FLEETSCORE_IDLE_TIMEOUT_SECONDS,
    shards: env.FLEETSCORE_SHARDS,
    flushSeconds: env.FLEETSCORE_FLUSH_SECONDS,
    partitionEventsPerSecond: env.FLEETSCORE_PARTITION_EVENTS_PER_SECOND,
    mode: env.FLEETSCORE_AGGREGATOR_MODE,
    /** Undefined: the mode's default group (`aggregator` / `aggregator-replay`). */
    consumerGroup: env.FLEETSCORE_AGGREGATOR_GROUP,
    windowFormat: env.FLEETSCORE_WINDOW_FORMAT,
    dedupeBatches: env.FLEETSCORE_DEDUPE_BATCHES,
    healthHost: env.FLEETSCORE_HEALTH_HOST,
    healthPort: env.FLEETSCORE_HEALTH_PORT,
  }),
);
