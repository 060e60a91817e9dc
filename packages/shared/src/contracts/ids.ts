import { z } from 'zod';

/**
 * Device and sensor ids: safe in blob names, file names and table keys. Every id that reaches
 * a name is validated against this first. Dots alone (`.`, `..`) are refused: as a path
 * segment they would move a blob name up a folder (`models/../v1.json` is `v1.json` once a URL
 * is normalised).
 */
export const ID_PATTERN = /^(?!\.+$)[A-Za-z0-9_.-]{1,64}$/;
export const idSchema = z
  .string()
  .regex(ID_PATTERN, 'expected 1–64 of A–Z a–z 0–9 _ . -, not dots alone');
