import type { Register } from '../program.js';

/**
 * Commands that main.ts loads alone when the command line starts with their name, instead of
 * every command's module (index.ts, which loads the Azure SDK, BullMQ and zod with them): their
 * start-up is part of what a user times — score-csv against a Python loop. `--help` and every
 * other command load the full list.
 */
export const STANDALONE_COMMANDS: ReadonlyMap<string, () => Promise<Register>> = new Map([
  ['score-csv', async () => (await import('./score-csv.js')).registerScoreCsv],
]);
