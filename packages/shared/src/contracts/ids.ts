import { z } from 'zod';
import { ID_PATTERN } from './id-pattern.js';

export { ID_PATTERN } from './id-pattern.js';

/** A device or sensor id (ID_PATTERN). */
export const idSchema = z
  .string()
  .regex(ID_PATTERN, 'expected 1–64 of A–Z a–z 0–9 _ . -, not dots alone');
