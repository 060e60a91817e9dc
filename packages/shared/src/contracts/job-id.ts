import { RUN_ID_PATTERN } from './run-id.js';

/**
 * A job's id: `{runId}/{index}`, its idempotency key on the queue (BullMQ job id, Service Bus
 * message id), its dead letter's id in the API (`/v1/dead-letters/{runId}/{index}/replay`) and
 * its name everywhere else. The scheduler makes it when it enqueues; whoever is handed one back
 * (a dead letter, a replay request) reads it with `parseJobId`, never by splitting it.
 */
export function jobId(run: string, index: number): string {
  return `${run}/${index}`;
}

export interface JobRef {
  runId: string;
  jobIndex: number;
}

/** A job index as `jobId` prints it: a safe non-negative integer, no sign, no leading zero. */
const INDEX_PATTERN = /^(?:0|[1-9]\d{0,15})$/;

/**
 * The run and index of a job id, or `undefined` for anything `jobId` does not make from a valid
 * run id (`RUN_ID_PATTERN`, which has no `/`) and a safe non-negative integer index.
 */
export function parseJobId(id: string): JobRef | undefined {
  const slash = id.lastIndexOf('/');
  const runId = id.slice(0, slash);
  const index = id.slice(slash + 1);
  if (slash < 0 || !RUN_ID_PATTERN.test(runId) || !INDEX_PATTERN.test(index)) return undefined;
  const jobIndex = Number(index);
  return Number.isSafeInteger(jobIndex) ? { runId, jobIndex } : undefined;
}
