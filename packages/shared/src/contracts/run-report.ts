import { z } from 'zod';
import { ENTITY_STATUSES, type EntityStatus, RUN_STATES, type RunState } from './run.js';
import { runIdSchema } from './run-id.js';
import { type RunTotals, runTotalsSchema } from './run-totals.js';

/**
 * The completeness report of an ended run: written to `runs/{runId}/report.json` by the
 * scheduler's reconciler, served by the API's `GET /v1/runs/{id}/report`.
 */
export interface RunReport {
  runId: string;
  state: RunState;
  from: string;
  to: string;
  generatedAt: string;
  totals: RunTotals;
  /** Every entity of the run, in key order. */
  entities: Array<{
    entity: string;
    status: EntityStatus;
    rows: number;
    anomalies: number;
    modelVersion?: number;
    reason?: string;
    job?: number;
  }>;
  /** Sensors with windows in the range and no model (runs over every model). */
  unmodelled: string[];
  /** Entities with no data now that had data in the previous run over the preceding window. */
  silent: string[];
  /** Jobs that ended dead-lettered, with their reasons. */
  deadLettered: Array<{ job: number; reason: string }>;
}

const count = z.number().int().nonnegative();

/** The report as stored and served; the annotation ties it to `RunReport`. */
export const runReportSchema: z.ZodType<RunReport> = z.object({
  runId: runIdSchema,
  state: z.enum(RUN_STATES),
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  totals: runTotalsSchema,
  entities: z.array(
    z.object({
      entity: z.string(),
      status: z.enum(ENTITY_STATUSES),
      rows: count,
      anomalies: count,
      modelVersion: z.number().int().positive().optional(),
      reason: z.string().optional(),
      job: count.optional(),
    }),
  ),
  unmodelled: z.array(z.string()),
  silent: z.array(z.string()),
  deadLettered: z.array(z.object({ job: count, reason: z.string() })),
});
