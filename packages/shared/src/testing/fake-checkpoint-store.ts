import type { Checkpoint, CheckpointStore, PartitionOwnership } from '@azure/event-hubs';

/**
 * An in-memory `CheckpointStore` with the semantics of `BlobCheckpointStore`: an ownership
 * claim that carries an ETag succeeds only if the record still has that ETag (else it is left
 * out of the result, as a 412 is); a claim without one overwrites unconditionally; every write
 * stamps a new ETag and lastModifiedTimeInMs; checkpoints are overwritten unconditionally.
 */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly ownerships = new Map<string, PartitionOwnership>();
  private readonly checkpoints = new Map<string, Checkpoint>();
  private version = 0;
  /** Claims that lost on their ETag, for assertions. */
  conflicts = 0;

  async listOwnership(
    fullyQualifiedNamespace: string,
    eventHubName: string,
    consumerGroup: string,
  ): Promise<PartitionOwnership[]> {
    return inScope(this.ownerships, fullyQualifiedNamespace, eventHubName, consumerGroup);
  }

  async claimOwnership(requests: PartitionOwnership[]): Promise<PartitionOwnership[]> {
    const claimed: PartitionOwnership[] = [];
    for (const request of requests) {
      const key = keyOf(request);
      const current = this.ownerships.get(key);
      if (request.etag !== undefined && current?.etag !== request.etag) {
        this.conflicts++;
        continue;
      }
      const stored = { ...request, etag: this.nextEtag(), lastModifiedTimeInMs: Date.now() };
      this.ownerships.set(key, stored);
      // BlobCheckpointStore updates the request it was given in place and returns it.
      Object.assign(request, {
        etag: stored.etag,
        lastModifiedTimeInMs: stored.lastModifiedTimeInMs,
      });
      claimed.push(request);
    }
    return claimed;
  }

  async updateCheckpoint(checkpoint: Checkpoint): Promise<void> {
    this.checkpoints.set(keyOf(checkpoint), { ...checkpoint });
  }

  async listCheckpoints(
    fullyQualifiedNamespace: string,
    eventHubName: string,
    consumerGroup: string,
  ): Promise<Checkpoint[]> {
    return inScope(this.checkpoints, fullyQualifiedNamespace, eventHubName, consumerGroup);
  }

  private nextEtag(): string {
    this.version += 1;
    return `"0x${this.version.toString(16).padStart(8, '0')}"`;
  }
}

/** Blob names are lower-cased by BlobCheckpointStore, so scopes compare case-insensitively. */
function scope(namespace: string, eventHub: string, consumerGroup: string): string {
  return `${namespace}/${eventHub}/${consumerGroup}/`.toLowerCase();
}

/** An ownership's or a checkpoint's key: its scope, then its partition. */
function keyOf(record: Checkpoint | PartitionOwnership): string {
  return (
    scope(record.fullyQualifiedNamespace, record.eventHubName, record.consumerGroup) +
    record.partitionId
  );
}

/** Copies of the records of one scope. */
function inScope<T extends object>(
  records: Map<string, T>,
  namespace: string,
  eventHub: string,
  consumerGroup: string,
): T[] {
  const prefix = scope(namespace, eventHub, consumerGroup);
  return [...records]
    .filter(([key]) => key.startsWith(prefix))
    .map(([, record]) => ({ ...record }));
}
