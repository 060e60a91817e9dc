import { z } from 'zod';

/**
 * Device and sensor ids: safe in blob names, file names and table keys. Every id that reaches
 * a name is validated against this first.
 */
export const ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
export const idSchema = z.string().regex(ID_PATTERN, 'expected 1–64 of A–Z a–z 0–9 _ . -');
