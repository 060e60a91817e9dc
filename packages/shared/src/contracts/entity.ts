import { z } from 'zod';
import { ID_PATTERN } from './ids.js';

/**
 * What one model scores: one sensor of a device (the reference's per-(device, tag) models,
 * one feature: the window's value), or a whole device (a multivariate model whose features
 * are sensor ids, fed the sensor values of the same window as columns).
 */
export interface Entity {
  device: string;
  /** Absent for a device-level (multivariate) model. */
  sensor?: string;
}

/**
 * An entity's key in the API, reports, job payloads and blob names: `device/sensor` for a
 * sensor, `device` alone for a device-level model. Both parts match `ID_PATTERN`, which has no
 * `/`, so the key is unambiguous.
 */
export function entityKey(entity: Entity): string {
  return entity.sensor === undefined ? entity.device : `${entity.device}/${entity.sensor}`;
}

/** The entity of a key, or `undefined` when the key is not one. */
export function parseEntityKey(key: string): Entity | undefined {
  const parts = key.split('/');
  if (parts.length > 2 || !parts.every((part) => ID_PATTERN.test(part))) return undefined;
  const [device = '', sensor] = parts;
  return sensor === undefined ? { device } : { device, sensor };
}

export const entityKeySchema = z
  .string()
  .refine((key) => parseEntityKey(key) !== undefined, 'expected device or device/sensor ids');
