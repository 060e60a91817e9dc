import type { ModelRegistry } from '@fleetscore/registry';
import type { BlobStore, JobPayload, JobQueue, Logger } from '@fleetscore/shared';
import type { Ledger } from '@fleetscore/shared/ledger';

/** What planning, launching and managing runs needs; main.ts builds it from the configuration. */
export interface RunDeps {
  ledger: Ledger;
  /** Only `currentVersions` is read. */
  registry: Pick<ModelRegistry, 'currentVersions'>;
  queue: JobQueue<JobPayload>;
  blobs: BlobStore;
  /** Device shards of the window layout (`FLEETSCORE_SHARDS`). */
  shards: number;
  /** Entities per job (`FLEETSCORE_JOB_SIZE`). */
  jobSize: number;
  /** Default `() => new Date()`. */
  clock?: () => Date;
  /** Default: no logging. */
  log?: Pick<Logger, 'info' | 'warn'>;
}
