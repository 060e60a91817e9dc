import { FleetscoreError } from '../errors.js';

/** Checks an adapter option that must be a positive integer (a count or a duration in ms). */
export function positiveInt(option: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new FleetscoreError(
      'CONFIG_INVALID',
      `${option} must be a positive integer, got ${value}`,
    );
  }
  return value;
}
