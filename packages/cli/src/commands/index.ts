import type { Register } from '../program.js';

/** Every command of the CLI, in the order `--help` lists them. */
export const commands: readonly Register[] = [];
