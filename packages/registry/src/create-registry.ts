import {
  AlreadyExistsError,
  type BlobStore,
  type Entity,
  ID_PATTERN,
  modelBlobName,
  NonRetryableError,
  NotFoundError,
  PreconditionFailedError,
  type RecordTable,
  UnavailableError,
} from '@fleetscore/shared';
import type { Page } from '@fleetscore/shared/ledger';
import type { OcsvmModel } from '@fleetscore/svm';
import { MAX_RACES, readEntry, updateEntry } from './entries.js';
import { InvalidModelError } from './errors.js';
import {
  checkedKey,
  decodeContinuation,
  deviceRange,
  ENTRIES_PARTITION,
  encodeContinuation,
  versionRowKey,
  versionsPartition,
} from './keys.js';
import { type PreparedModel, parseStored, prepareModel, prepareUpload } from './model-document.js';
import {
  type EntryRecord,
  entryRecordSchema,
  MAX_RECORD_CHARS,
  type VersionRecord,
  versionRecordSchema,
} from './records.js';
import type { ModelEntry, ModelRegistry, ModelVersion, UploadOptions } from './registry.js';

export interface ModelRegistryDeps {
  /** The deployment's container; versions go under `models/`. */
  blobs: BlobStore;
  /** The `models` table. */
  table: RecordTable<object>;
  /** Default: the system clock. */
  clock?: () => Date;
}

/** `list` page size: default 100, at most 1,000. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1_000;

/** The registry on a blob container and the `models` table (layout in docs/models.md). */
export function createModelRegistry(deps: ModelRegistryDeps): ModelRegistry {
  const { blobs, table } = deps;
  const clock = deps.clock ?? (() => new Date());

  /** Claims the next free version slot with a create-only blob write, then records it. */
  async function store(
    entity: Entity,
    prepared: PreparedModel,
    options: UploadOptions,
  ): Promise<ModelVersion> {
    const key = checkedKey(entity);
    const record = (version: number): VersionRecord => ({
      entity: key,
      version,
      blob: modelBlobName(key, version),
      createdAt: clock().toISOString(),
      source: prepared.source,
      sha256: prepared.sha256,
      features: prepared.features,
      nSupport: prepared.nSupport,
      kernel: prepared.kernel,
      ...(options.note !== undefined && { note: options.note }),
    });
    // Checked before anything is stored (a version number adds at most a few characters).
    if (JSON.stringify(record(Number.MAX_SAFE_INTEGER)).length > MAX_RECORD_CHARS) {
      throw new InvalidModelError(
        `the model's metadata (${prepared.features.length} feature names and the note) exceeds ${MAX_RECORD_CHARS} characters`,
      );
    }
    let version = ((await readEntry(table, key))?.entry.latest ?? 0) + 1;
    // A taken slot is a concurrent upload (or one that crashed before recording it): skip it.
    for (let race = 0; ; race++, version++) {
      if (race === MAX_RACES) {
        throw new UnavailableError(`model ${key}: lost ${MAX_RACES} version races in a row`);
      }
      try {
        await blobs.put(modelBlobName(key, version), prepared.body, {
          ifNoneMatch: '*',
          contentType: 'application/json',
          metadata: { sha256: prepared.sha256 },
        });
        break;
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) throw error;
      }
    }
    const stored = record(version);
    await table.upsert(versionsPartition(key), versionRowKey(version), stored);
    const makeCurrent = options.makeCurrent ?? true;
    await updateEntry(table, key, (entry) => {
      const updatedAt = clock().toISOString();
      if (entry === undefined) {
        return { entity: key, current: makeCurrent ? version : 0, latest: version, updatedAt };
      }
      const latest = Math.max(entry.latest, version);
      // A newer concurrent upload already made itself current: the newest upload wins.
      if (!makeCurrent || entry.current > version) {
        return latest === entry.latest ? undefined : { ...entry, latest, updatedAt };
      }
      return withCurrent(entry, version, latest, updatedAt);
    });
    return stored;
  }

  async function versionRecord(key: string, version: number): Promise<VersionRecord | undefined> {
    if (!Number.isSafeInteger(version) || version < 1) return undefined;
    const stored = await table.get(versionsPartition(key), versionRowKey(version));
    return stored && versionRecordSchema.parse(stored.value);
  }

  return {
    // async, so a refusal is a rejected promise rather than a synchronous throw.
    async upload(entity, file, options = {}) {
      return store(entity, prepareUpload(file, options.features), options);
    },

    async register(entity, model: OcsvmModel, options = {}) {
      return store(entity, prepareModel(model, 'training'), options);
    },

    async list(options = {}) {
      const limit = Math.min(Math.max(Math.floor(options.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
      let range: { from?: string; to?: string } = {};
      if (options.device !== undefined) {
        if (!ID_PATTERN.test(options.device)) {
          throw new RangeError(`invalid device ${JSON.stringify(options.device)}`);
        }
        range = deviceRange(options.device);
      }
      if (options.continuation !== undefined) {
        const next = decodeContinuation(options.continuation);
        if (range.from === undefined || next > range.from) range.from = next;
      }
      const rows: { rowKey: string; value: object }[] = [];
      for await (const row of table.list(ENTRIES_PARTITION, {
        ...(range.from !== undefined && { rowKeyFrom: range.from }),
        ...(range.to !== undefined && { rowKeyTo: range.to }),
        limit: limit + 1,
      })) {
        rows.push(row);
      }
      const page: Page<ModelEntry> = {
        items: rows.slice(0, limit).map((row) => entryRecordSchema.parse(row.value)),
      };
      const next = rows[limit];
      if (next !== undefined) page.continuation = encodeContinuation(next.rowKey);
      return page;
    },

    async get(entity) {
      return (await readEntry(table, checkedKey(entity)))?.entry;
    },

    async versions(entity) {
      const out: ModelVersion[] = [];
      for await (const row of table.list(versionsPartition(checkedKey(entity)))) {
        out.push(versionRecordSchema.parse(row.value));
      }
      return out.reverse();
    },

    async *currentVersions() {
      for await (const row of table.list(ENTRIES_PARTITION)) {
        const entry = entryRecordSchema.parse(row.value);
        if (entry.current > 0) yield { entity: entry.entity, version: entry.current };
      }
    },

    async setCurrent(entity, version) {
      const key = checkedKey(entity);
      if ((await versionRecord(key, version)) === undefined) {
        throw new NotFoundError(`model ${key} has no version ${version}`);
      }
      const entry = await updateEntry(table, key, (entry) => {
        const updatedAt = clock().toISOString();
        // An upload that stopped between its version record and its entry left no entry.
        if (entry === undefined) {
          return { entity: key, current: version, latest: version, updatedAt };
        }
        if (entry.current === version) return undefined;
        return withCurrent(entry, version, Math.max(entry.latest, version), updatedAt);
      });
      return entry as EntryRecord;
    },

    async rollback(entity) {
      const key = checkedKey(entity);
      const entry = await updateEntry(table, key, (entry) => {
        if (entry === undefined) throw new NotFoundError(`no model for ${key}`);
        if (entry.previous === undefined) {
          throw new PreconditionFailedError(`model ${key} has no previous version to roll back to`);
        }
        return withCurrent(entry, entry.previous, entry.latest, clock().toISOString());
      });
      return entry as EntryRecord;
    },

    async load(entity, version) {
      const key = checkedKey(entity);
      if (!Number.isSafeInteger(version) || version < 1) {
        throw new NotFoundError(`model ${key} has no version ${version}`);
      }
      const name = modelBlobName(key, version);
      const blob = await blobs.get(name);
      if (blob === undefined) throw new NotFoundError(`model ${key} has no version ${version}`);
      try {
        return { model: parseStored(blob.body), version, bytes: blob.size };
      } catch (error) {
        throw new NonRetryableError(`model blob ${name} is corrupt: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
  };
}

/** `version` becomes current; the one it replaces (if any) becomes `previous`. */
function withCurrent(
  entry: EntryRecord,
  version: number,
  latest: number,
  updatedAt: string,
): EntryRecord {
  const { previous: _, ...rest } = entry;
  return {
    ...rest,
    current: version,
    latest,
    ...(entry.current > 0 && { previous: entry.current }),
    updatedAt,
  };
}
