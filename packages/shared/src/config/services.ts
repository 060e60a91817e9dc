// Every service's configuration schema (one file each under service/), by service name.
import type { z } from 'zod';
import { aggregatorConfigSchema } from './service/aggregator.js';
import { ingestConfigSchema } from './service/ingest.js';
import { schedulerConfigSchema } from './service/scheduler.js';
import { scorerConfigSchema } from './service/scorer.js';

export { defineService } from './service/define.js';
export { aggregatorConfigSchema, ingestConfigSchema, schedulerConfigSchema, scorerConfigSchema };

/** Every service's schema, by service name: for the generated docs and tests. */
export const configSchemas = {
  ingest: ingestConfigSchema,
  aggregator: aggregatorConfigSchema,
  scheduler: schedulerConfigSchema,
  scorer: scorerConfigSchema,
};

export type IngestConfig = z.output<typeof ingestConfigSchema>;
export type AggregatorConfig = z.output<typeof aggregatorConfigSchema>;
export type SchedulerConfig = z.output<typeof schedulerConfigSchema>;
export type ScorerConfig = z.output<typeof scorerConfigSchema>;
