import { z } from 'zod';
import { idSchema } from '../ids.js';
import { continuationSchema, pageLimit, pageOf } from './fields.js';

// The scheduler API's model registry: list, read, upload, set current, roll back.

export const modelEntrySchema = z.object({
  entity: z.string(),
  current: z.number().int(),
  latest: z.number().int(),
  previous: z.number().int().optional(),
  updatedAt: z.string(),
});
export type ModelEntryBody = z.infer<typeof modelEntrySchema>;
export const modelVersionSchema = z.object({
  entity: z.string(),
  version: z.number().int(),
  blob: z.string(),
  createdAt: z.string(),
  source: z.enum(['json', 'pickle', 'joblib', 'training']),
  sha256: z.string(),
  features: z.array(z.string()),
  nSupport: z.number().int(),
  kernel: z.string(),
  note: z.string().optional(),
});
export type ModelVersionBody = z.infer<typeof modelVersionSchema>;
export const modelDetailSchema = z.object({
  entry: modelEntrySchema,
  versions: z.array(modelVersionSchema),
});
export type ModelDetail = z.infer<typeof modelDetailSchema>;
export const modelPageSchema = pageOf(modelEntrySchema);
export type ModelPage = z.infer<typeof modelPageSchema>;
/** The scheduler refines `continuation` with the registry's own token check. */
export const modelListQuerySchema = z.object({
  device: idSchema.optional(),
  limit: pageLimit(100, 1000),
  continuation: continuationSchema,
});
export const deviceParamsSchema = z.object({ device: idSchema });
export const sensorParamsSchema = z.object({ device: idSchema, sensor: idSchema });
export const uploadQuerySchema = z.object({
  current: z.stringbool().default(true).describe('Make the new version current (default true)'),
  features: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}(,[A-Za-z0-9_.-]{1,64})*$/)
    .optional()
    .describe('Comma-separated feature names, for a pickle that does not carry them'),
  note: z.string().max(200).optional().describe('Provenance kept with the version'),
});
export const setCurrentSchema = z.object({ version: z.number().int().positive() });
