/**
 * Named binary objects in one container (Azure Blob; Azurite locally). Names are built by
 * callers from validated ids only; adapters never interpret them beyond the prefix.
 */
export interface BlobStore {
  /**
   * Writes a blob whole, in one request. `ifNoneMatch: '*'` creates only (else
   * `AlreadyExistsError`); `ifMatch: etag` replaces only that version (else
   * `PreconditionFailedError`). A `GeneratedBody` is made while it is sent, never held
   * whole (a job's tens of MB of predictions).
   */
  put(name: string, body: BlobBody, options?: PutOptions): Promise<{ etag: string }>;
  /** The blob with its ETag, or `undefined` when there is none. */
  get(name: string, options?: { signal?: AbortSignal }): Promise<BlobContent | undefined>;
  /**
   * The blob with its body as a stream of chunks (one request, like `get`), or `undefined`
   * when there is none: for blobs read once, front to back, that are too large to hold whole
   * (a shard's hour of windows). The stream must be read to its end or broken off promptly;
   * the operation's deadline covers reading it. A failure mid-stream rejects the iteration.
   */
  getStream(name: string, options?: { signal?: AbortSignal }): Promise<BlobStream | undefined>;
  /** Blobs whose names start with `prefix`, in name order, paged lazily. */
  list(prefix: string, options?: { signal?: AbortSignal }): AsyncIterable<BlobItem>;
  /** Deletes the blob; false when it was not there. `ifMatch` guards against a newer version. */
  delete(name: string, options?: { ifMatch?: string; signal?: AbortSignal }): Promise<boolean>;
  exists(name: string, options?: { signal?: AbortSignal }): Promise<boolean>;
}

export type BlobBody = Uint8Array | string | GeneratedBody;

/**
 * A body produced on demand, still sent in one request: `chunks()` yields `byteLength` bytes
 * in all, and is called afresh for each try of a retried request (so it must yield the same
 * bytes every time). A total other than `byteLength` fails the put.
 */
export interface GeneratedBody {
  byteLength: number;
  chunks(): Iterable<Uint8Array>;
}

export interface PutOptions {
  ifNoneMatch?: '*';
  ifMatch?: string;
  /** Default `application/octet-stream`. */
  contentType?: string;
  /** Small string metadata (keys must be valid C# identifiers, as Azure requires). */
  metadata?: Record<string, string>;
  signal?: AbortSignal;
}

export interface BlobItem {
  name: string;
  etag: string;
  /** Bytes. */
  size: number;
  lastModified: Date;
}

export interface BlobStream extends BlobItem {
  body: AsyncIterable<Buffer>;
  contentType: string;
  metadata: Record<string, string>;
}

export interface BlobContent extends BlobItem {
  body: Buffer;
  contentType: string;
  metadata: Record<string, string>;
}
