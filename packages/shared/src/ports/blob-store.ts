/**
 * Named binary objects in one container (Azure Blob; Azurite locally). Names are built by
 * callers from validated ids only; adapters never interpret them beyond the prefix.
 */
export interface BlobStore {
  /**
   * Writes a blob whole. `ifNoneMatch: '*'` creates only (else `AlreadyExistsError`);
   * `ifMatch: etag` replaces only that version (else `PreconditionFailedError`).
   */
  put(name: string, body: Uint8Array | string, options?: PutOptions): Promise<{ etag: string }>;
  /** The blob with its ETag, or `undefined` when there is none. */
  get(name: string, options?: { signal?: AbortSignal }): Promise<BlobContent | undefined>;
  /** Blobs whose names start with `prefix`, in name order, paged lazily. */
  list(prefix: string, options?: { signal?: AbortSignal }): AsyncIterable<BlobItem>;
  /** Deletes the blob; false when it was not there. `ifMatch` guards against a newer version. */
  delete(name: string, options?: { ifMatch?: string; signal?: AbortSignal }): Promise<boolean>;
  exists(name: string, options?: { signal?: AbortSignal }): Promise<boolean>;
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

export interface BlobContent extends BlobItem {
  body: Buffer;
  contentType: string;
  metadata: Record<string, string>;
}
