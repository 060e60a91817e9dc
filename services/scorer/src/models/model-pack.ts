import type { LoadedModel } from '@fleetscore/registry';
import { type PlannedEntity, plannedEntitySchema } from '@fleetscore/shared';
import { parseModel, toDocument } from '@fleetscore/svm';

/**
 * A model pack: the planned models of one job in a single blob, so that a scorer with a cold
 * cache reads one blob per job instead of one per entity (10,000 sensors: 10,000 reads an hour
 * otherwise). Versions are immutable, so a pack named by the hash of its (entity, version) list
 * never goes stale: the first job that needs it builds it from the registry's blobs, every later
 * run with the same plan reads it. It is a cache — the registry stays the source of truth.
 *
 *   model-packs/{sha256 of "entity@vN" lines}.ndjson   one {entity, version, document} per line
 *
 * (the name is the blob layout's `modelPackName`).
 */

export interface PackedModel extends PlannedEntity {
  loaded: LoadedModel;
}

export function encodeModelPack(models: readonly PackedModel[]): string {
  return models
    .map(({ entity, version, loaded }) => {
      const line = { entity, version, document: toDocument(loaded.model) };
      return `${JSON.stringify(line)}\n`;
    })
    .join('');
}

/**
 * The models of a pack, each validated as the registry validates a stored document. Throws on
 * anything else (the caller then treats the pack as absent and rebuilds it).
 */
export function decodeModelPack(body: Buffer): PackedModel[] {
  const models: PackedModel[] = [];
  for (const line of body.toString('utf8').split('\n')) {
    if (line === '') continue;
    const value = JSON.parse(line) as { document?: unknown };
    const { entity, version } = plannedEntitySchema.parse(value);
    const model = parseModel(value.document);
    models.push({ entity, version, loaded: { model, version, bytes: Buffer.byteLength(line) } });
  }
  return models;
}
