import type { BlobItem as AzureBlobItem, BlobClient, ContainerClient } from '@azure/storage-blob';
import { AlreadyExistsError, NotFoundError, PreconditionFailedError } from '../../errors.js';
import type {
  BlobBody,
  BlobContent,
  BlobItem,
  BlobStore,
  BlobStream,
  PutOptions,
} from '../../ports/blob-store.js';
import { createContainerClient } from './blob-client.js';
import { requestBody } from './blob-request-body.js';
import {
  codeOf,
  DEFAULT_OPERATION_TIMEOUT_MS,
  type StorageAccount,
  type StorageRetryOptions,
  startDeadline,
  statusOf,
  toPortError,
  withDeadline,
} from './storage-call.js';

export interface AzureBlobStoreOptions {
  /** Names asked for per List Blobs request (1–5,000). Default 1,000. */
  listPageSize?: number;
  /**
   * Bound on one whole operation in ms — every try, and reading the body — after which it
   * fails with `UnavailableError`. Default 60,000.
   */
  operationTimeoutMs?: number;
}

export type ConnectBlobStoreOptions = StorageAccount &
  StorageRetryOptions &
  AzureBlobStoreOptions & {
    /** Container name: 3–63 lower-case letters, digits and single hyphens. */
    container: string;
    /** Create the container when it is missing. Default true. */
    createIfMissing?: boolean;
  };

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/**
 * The one BlobStore adapter, for Azure Blob and Azurite alike. Vendor errors are translated
 * at this boundary: 409/412 become `AlreadyExistsError`/`PreconditionFailedError`, "no
 * answer" and 5xx (after the SDK's retries) `UnavailableError`, a malformed request (bad
 * name or metadata) `NonRetryableError`, and a missing container `NotFoundError`.
 * Metadata keys come back lower-case (HTTP headers are case-insensitive).
 */
export class AzureBlobStore implements BlobStore {
  readonly #container: ContainerClient;
  readonly #pageSize: number;
  readonly #timeoutMs: number;

  /** The client carries the retry policy; build it with `createContainerClient()`. */
  constructor(container: ContainerClient, options: AzureBlobStoreOptions = {}) {
    this.#container = container;
    this.#pageSize = options.listPageSize ?? 1_000;
    this.#timeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
  }

  /** Builds the client from plain options and (by default) creates the container. */
  static async connect(options: ConnectBlobStoreOptions): Promise<AzureBlobStore> {
    const store = new AzureBlobStore(createContainerClient(options), options);
    if (options.createIfMissing ?? true) await store.ensureContainer();
    return store;
  }

  /** Creates the container when missing; idempotent. */
  async ensureContainer(options: { signal?: AbortSignal } = {}): Promise<void> {
    const what = `create container "${this.#container.containerName}"`;
    try {
      await withDeadline(what, this.#timeoutMs, options.signal, (abortSignal) =>
        this.#container.createIfNotExists({ abortSignal }),
      );
    } catch (error) {
      throw toPortError(error, what);
    }
  }

  async put(name: string, body: BlobBody, options: PutOptions = {}): Promise<{ etag: string }> {
    const what = `put blob "${name}"`;
    const { content, length, bodyError } = requestBody(body);
    const conditions = {
      ...(options.ifNoneMatch !== undefined && { ifNoneMatch: options.ifNoneMatch }),
      ...(options.ifMatch !== undefined && { ifMatch: options.ifMatch }),
    };
    try {
      const response = await withDeadline(what, this.#timeoutMs, options.signal, (abortSignal) =>
        this.#container.getBlockBlobClient(name).upload(content, length, {
          abortSignal,
          conditions,
          metadata: options.metadata ?? {},
          blobHTTPHeaders: { blobContentType: options.contentType ?? DEFAULT_CONTENT_TYPE },
        }),
      );
      return { etag: required(response.etag, what) };
    } catch (error) {
      // The SDK reports a body that broke off as a send error: say what was wrong with it.
      const broken = bodyError();
      if (broken) throw broken;
      const status = statusOf(error);
      // Azure answers an `If-None-Match: *` create with 409 BlobAlreadyExists; under that
      // condition a 412 can only mean the same, so it is read the same way.
      if (
        (status === 409 && codeOf(error) === 'BlobAlreadyExists') ||
        (status === 412 && options.ifNoneMatch !== undefined)
      ) {
        throw new AlreadyExistsError(`${what}: it already exists`, { cause: error });
      }
      if (status === 412) {
        throw new PreconditionFailedError(`${what}: ETag ${options.ifMatch} is not current`, {
          cause: error,
        });
      }
      throw this.#translate(error, what);
    }
  }

  async get(
    name: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<BlobContent | undefined> {
    const what = `get blob "${name}"`;
    try {
      return await withDeadline(what, this.#timeoutMs, options.signal, async (abortSignal) => {
        // One GET gives the body and the ETag of that same version (downloadToBuffer would
        // add a HEAD and could mix versions).
        const response = await this.#container.getBlobClient(name).download(0, undefined, {
          abortSignal,
        });
        const chunks: Buffer[] = [];
        for await (const chunk of response.readableStreamBody ?? []) {
          chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
        }
        const body = Buffer.concat(chunks);
        return {
          name,
          etag: required(response.etag, what),
          size: body.byteLength,
          lastModified: required(response.lastModified, what),
          body,
          contentType: response.contentType ?? DEFAULT_CONTENT_TYPE,
          metadata: { ...response.metadata },
        };
      });
    } catch (error) {
      if (statusOf(error) === 404 && codeOf(error) !== 'ContainerNotFound') return undefined;
      throw this.#translate(error, what);
    }
  }

  async getStream(
    name: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<BlobStream | undefined> {
    const what = `get blob "${name}"`;
    // One deadline for the response and the whole body, as `get` has.
    const { signal, settle } = startDeadline(what, this.#timeoutMs, options.signal);
    const failure = (error: unknown) => {
      const settled = settle(error);
      return settled === error ? this.#translate(error, what) : settled;
    };
    let response: Awaited<ReturnType<BlobClient['download']>>;
    try {
      response = await this.#container.getBlobClient(name).download(0, undefined, {
        abortSignal: signal,
      });
    } catch (error) {
      if (statusOf(error) === 404 && codeOf(error) !== 'ContainerNotFound') return undefined;
      throw failure(error);
    }
    const stream = response.readableStreamBody;
    async function* body(): AsyncGenerator<Buffer> {
      try {
        for await (const chunk of stream ?? []) {
          yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        }
      } catch (error) {
        throw failure(error);
      } finally {
        (stream as { destroy?: () => void } | undefined)?.destroy?.();
      }
    }
    return {
      name,
      etag: required(response.etag, what),
      size: response.contentLength ?? 0,
      lastModified: required(response.lastModified, what),
      body: body(),
      contentType: response.contentType ?? DEFAULT_CONTENT_TYPE,
      metadata: { ...response.metadata },
    };
  }

  async *list(prefix: string, options: { signal?: AbortSignal } = {}): AsyncIterable<BlobItem> {
    const what = `list blobs "${prefix}*"`;
    let continuationToken: string | undefined;
    do {
      // One deadline per page, not per listing: the caller may take its time between pages.
      const page = await withDeadline(what, this.#timeoutMs, options.signal, (abortSignal) =>
        this.#container
          .listBlobsFlat({ prefix, abortSignal })
          .byPage({ continuationToken, maxPageSize: this.#pageSize })
          .next(),
      ).catch((error: unknown) => {
        throw this.#translate(error, what);
      });
      if (page.done) return;
      for (const item of page.value.segment.blobItems) yield toBlobItem(item, what);
      // The service ends a listing with an empty NextMarker.
      continuationToken = page.value.continuationToken || undefined;
    } while (continuationToken);
  }

  async delete(
    name: string,
    options: { ifMatch?: string; signal?: AbortSignal } = {},
  ): Promise<boolean> {
    const what = `delete blob "${name}"`;
    try {
      await withDeadline(what, this.#timeoutMs, options.signal, (abortSignal) =>
        this.#container.getBlobClient(name).delete({
          abortSignal,
          deleteSnapshots: 'include',
          ...(options.ifMatch !== undefined && { conditions: { ifMatch: options.ifMatch } }),
        }),
      );
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 && codeOf(error) !== 'ContainerNotFound') return false;
      if (status === 412) {
        // Azurite answers If-Match on a missing blob with 412 where a 404 would say "not
        // there": look, so that a missing blob gives `false` whichever service answered.
        if (!(await this.exists(name, options))) return false;
        throw new PreconditionFailedError(`${what}: ETag ${options.ifMatch} is not current`, {
          cause: error,
        });
      }
      throw this.#translate(error, what);
    }
  }

  async exists(name: string, options: { signal?: AbortSignal } = {}): Promise<boolean> {
    const what = `check blob "${name}"`;
    try {
      return await withDeadline(what, this.#timeoutMs, options.signal, (abortSignal) =>
        this.#container.getBlobClient(name).exists({ abortSignal }),
      );
    } catch (error) {
      throw this.#translate(error, what);
    }
  }

  #translate(error: unknown, what: string): unknown {
    if (statusOf(error) === 404 && codeOf(error) === 'ContainerNotFound') {
      const container = this.#container.containerName;
      return new NotFoundError(`${what}: container "${container}" does not exist`, {
        cause: error,
      });
    }
    return toPortError(error, what);
  }
}

function toBlobItem(item: AzureBlobItem, what: string): BlobItem {
  return {
    name: item.name,
    etag: quoted(required(item.properties.etag, what)),
    size: item.properties.contentLength ?? 0,
    lastModified: item.properties.lastModified,
  };
}

/** Listings carry the ETag bare (`0x8D…`), headers quoted (`"0x8D…"`): hand out one form. */
function quoted(etag: string): string {
  return etag.startsWith('"') || etag.startsWith('W/') ? etag : `"${etag}"`;
}

/** The service always sends these headers; their absence means a broken proxy or SDK. */
function required<V>(value: V | undefined, what: string): V {
  if (value === undefined) throw new Error(`${what}: the response lacks an expected header`);
  return value;
}
