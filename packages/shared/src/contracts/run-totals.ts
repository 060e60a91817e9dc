import { z } from 'zod';

/**
 * A job's entity counts by status, with its rows and anomalies (the scorer writes it on the job
 * record), and a run's totals, their sum (the reconciler writes them on the run record; the run
 * report and the API carry them). Interfaces and schemas side by side, so they cannot drift.
 */
export interface JobSummary {
  scored: number;
  noData: number;
  noModel: number;
  failed: number;
  rows: number;
  anomalies: number;
}

export interface RunTotals extends JobSummary {
  entities: number;
}

const count = z.number().int().nonnegative();
const jobSummaryShape = {
  scored: count,
  noData: count,
  noModel: count,
  failed: count,
  rows: count,
  anomalies: count,
};

export const jobSummarySchema = z.object(jobSummaryShape) satisfies z.ZodType<JobSummary>;

/** `entities` first: the order the reconciler has always written them in. */
export const runTotalsSchema = z.object({
  entities: count,
  ...jobSummaryShape,
}) satisfies z.ZodType<RunTotals>;
