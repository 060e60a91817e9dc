import type { Entity } from '@fleetscore/shared';
import type { Page } from '@fleetscore/shared/ledger';
import type { OcsvmModel } from '@fleetscore/svm';

/**
 * The model registry. Each version is an immutable `fleetscore.ocsvm/v1` document in Blob
 * (`models/{entityKey}/v{n}.json`); which version is current, and the version list, live in
 * the `models` table (ETag-conditional updates, so two promotions never interleave). Pickle
 * and joblib uploads are converted by `@fleetscore/svm`'s restricted importer — never
 * executed — and stored as v1 documents.
 */
export interface ModelRegistry {
  /**
   * Stores `file` (v1 JSON, pickle or joblib, told apart by content) as the entity's next
   * version, current unless `makeCurrent: false`. A file that is not a valid model is refused
   * with `InvalidModelError` (a 400 at the API), nothing stored.
   */
  upload(entity: Entity, file: Uint8Array, options?: UploadOptions): Promise<ModelVersion>;
  /** Stores an in-memory model (a training run's result) as the next version. */
  register(entity: Entity, model: OcsvmModel, options?: UploadOptions): Promise<ModelVersion>;
  /**
   * Entities with models, in (device, sensor) order (a device's own model first, then its
   * sensors), paged. `device` narrows to one device.
   */
  list(options?: {
    device?: string;
    limit?: number;
    continuation?: string;
  }): Promise<Page<ModelEntry>>;
  /** One entity's entry, or `undefined`. */
  get(entity: Entity): Promise<ModelEntry | undefined>;
  /** Its versions, newest first. */
  versions(entity: Entity): Promise<ModelVersion[]>;
  /**
   * Every entity's current version (what a run over every model scores), in (device, sensor)
   * order; entities with no current version are left out. Reads the table only (no blob per
   * entity).
   */
  currentVersions(): AsyncIterable<{ entity: string; version: number }>;
  /** Makes `version` current (promote, or roll back to an older one). `NotFoundError` if absent. */
  setCurrent(entity: Entity, version: number): Promise<ModelEntry>;
  /**
   * Makes the version that was current before the present one current again (the two swap, so
   * a second rollback undoes the first). `PreconditionFailedError` when there is none.
   */
  rollback(entity: Entity): Promise<ModelEntry>;
  /** Reads and parses one version's document (immutable: cache it by entity and version). */
  load(entity: Entity, version: number): Promise<LoadedModel>;
}

export interface UploadOptions {
  /** Default true. */
  makeCurrent?: boolean;
  /** Feature names for a pickle/joblib that does not carry them (default `['Value']`). */
  features?: readonly string[];
  /** Provenance kept with the version (file name, training run id, user). */
  note?: string;
}

export interface ModelEntry {
  /** `device/sensor`, or `device` for a device-level model. */
  entity: string;
  /** 0 while no version is current (the entity's only uploads had `makeCurrent: false`). */
  current: number;
  latest: number;
  /** The version current before `current`, for `rollback`. */
  previous?: number;
  updatedAt: string;
}

export interface ModelVersion {
  entity: string;
  version: number;
  blob: string;
  createdAt: string;
  source: 'json' | 'pickle' | 'joblib' | 'training';
  /** SHA-256 hex of the stored v1 document. */
  sha256: string;
  features: string[];
  nSupport: number;
  kernel: string;
  note?: string;
}

export interface LoadedModel {
  model: OcsvmModel;
  version: number;
  /** Size of the stored document, bytes (for the cache's byte budget). */
  bytes: number;
}
