import type { Register } from '../program.js';
import { registerAggregate } from './aggregate.js';
import { registerHealth } from './health.js';
import { registerModel } from './model.js';
import { registerModels } from './models.js';
import { registerRuns } from './runs.js';
import { registerScaleLocal } from './scale-local.js';
import { registerScoreCsv } from './score-csv.js';
import { registerSimulate } from './simulate.js';
import { registerWindows } from './windows.js';

/** Every command of the CLI, in the order `--help` lists them. */
export const commands: readonly Register[] = [
  registerModel,
  registerScoreCsv,
  registerAggregate,
  registerSimulate,
  registerHealth,
  registerRuns,
  registerModels,
  registerWindows,
  registerScaleLocal,
];
