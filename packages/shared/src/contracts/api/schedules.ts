import { z } from 'zod';

// The scheduler API's operations: the schedules and their next runs.

export const schedulesSchema = z.object({
  timeZone: z.string(),
  schedules: z.array(
    z.object({ name: z.string(), cron: z.string(), nextRunAt: z.string().nullable() }),
  ),
});
export type SchedulesBody = z.infer<typeof schedulesSchema>;
