import type { RunDeps } from './deps.js';

/** Every entity's current model version, by entity key: what a run plans over. */
export async function currentVersions(registry: RunDeps['registry']): Promise<Map<string, number>> {
  const current = new Map<string, number>();
  for await (const { entity, version } of registry.currentVersions()) current.set(entity, version);
  return current;
}
