import {
  type BlobStore,
  ENTITY_STATUSES,
  NonRetryableError,
  RUN_STATES,
  reportBlobName,
  runIdSchema,
  runTotalsSchema,
} from '@fleetscore/shared';
import { z } from 'zod';
import type { RunReport } from './run-service.js';

const count = z.number().int().nonnegative();

/** The completeness report as stored; the annotation ties it to `RunReport`. */
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

export async function readReport(blobs: BlobStore, runId: string): Promise<RunReport | undefined> {
  const blob = await blobs.get(reportBlobName(runId));
  if (blob === undefined) return undefined;
  const parsed = runReportSchema.safeParse(JSON.parse(blob.body.toString('utf8')));
  if (!parsed.success) {
    throw new NonRetryableError(
      `${reportBlobName(runId)} is not a report: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

/** Writes (or, for a run that ended again after a retry, replaces) the report; its blob name. */
export async function writeReport(blobs: BlobStore, report: RunReport): Promise<string> {
  const name = reportBlobName(report.runId);
  await blobs.put(name, JSON.stringify(report), { contentType: 'application/json' });
  return name;
}
