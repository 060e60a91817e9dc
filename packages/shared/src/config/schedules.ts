import { variable } from './variables.js';

export interface Schedule {
  /** Lower-case, digits and `-`; names the runs it starts. */
  name: string;
  /** Five fields: minute hour day-of-month month day-of-week, single-spaced. */
  cron: string;
}

const ENTRY = /^([a-z][a-z0-9-]{0,31})\s*=\s*(\S+(?:\s+\S+){4})$/;

/**
 * `FLEETSCORE_SCHEDULES`: `name=cron` pairs separated by `;`, since cron fields themselves
 * may hold commas (`0,30 * * * *`). Names are unique. Only the shape of each cron expression
 * is checked here; the scheduler's cron parser judges its fields.
 */
export const schedules = () =>
  variable('name=cron pairs separated by ;, such as hourly=5 * * * *', (text) => {
    const entries = text
      .split(';')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => ENTRY.exec(entry));
    if (entries.length === 0 || entries.some((match) => match === null)) return undefined;
    const parsed = entries.map((match): Schedule => {
      const [, name = '', cron = ''] = match ?? [];
      return { name, cron: cron.split(/\s+/).join(' ') };
    });
    const unique = new Set(parsed.map(({ name }) => name)).size === parsed.length;
    return unique ? parsed : undefined;
  });
