import type { Entity } from '@fleetscore/shared';
import type { DeviceSeries } from '../scoring/window-series.js';

/** A sensor model's single feature: the reference's column name (the window's `avg`). */
export const SENSOR_FEATURES = ['Value'] as const;

/**
 * The features of a new model: `Value` for a sensor; for a device, every sensor of the device
 * seen in the range (sorted), so the model takes the device's sensors as columns.
 */
export function trainingFeatures(entity: Entity, device: DeviceSeries | undefined): string[] {
  if (entity.sensor !== undefined) return [...SENSOR_FEATURES];
  return [...(device?.keys() ?? [])].sort();
}
