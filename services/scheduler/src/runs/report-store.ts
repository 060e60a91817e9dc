import {
  type BlobStore,
  NonRetryableError,
  type RunReport,
  reportBlobName,
  runReportSchema,
} from '@fleetscore/shared';

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
