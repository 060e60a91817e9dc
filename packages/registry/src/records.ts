import { z } from 'zod';

/** An entity's row in the `entries` partition: what `ModelEntry` is, as stored. */
export const entryRecordSchema = z.object({
  entity: z.string(),
  /** 0 while no version is current (the first upload had `makeCurrent: false`). */
  current: z.number().int().nonnegative(),
  latest: z.number().int().positive(),
  previous: z.number().int().positive().optional(),
  updatedAt: z.string(),
});

/** One version's row in the entity's `versions!…` partition: what `ModelVersion` is. */
export const versionRecordSchema = z.object({
  entity: z.string(),
  version: z.number().int().positive(),
  blob: z.string(),
  createdAt: z.string(),
  source: z.enum(['json', 'pickle', 'joblib', 'training']),
  sha256: z.string(),
  features: z.array(z.string()),
  nSupport: z.number().int().positive(),
  kernel: z.string(),
  note: z.string().optional(),
});

export type EntryRecord = z.infer<typeof entryRecordSchema>;
export type VersionRecord = z.infer<typeof versionRecordSchema>;

/**
 * Table Storage holds one record's JSON in a 64 KiB UTF-16 property; the port asks for
 * < 32 Ki characters. A version record is checked against this before anything is stored.
 */
export const MAX_RECORD_CHARS = 30_000;
