export { isTrainingError, TrainingError } from './errors.js';
export { fitOneClassSvm } from './fit-one-class.js';
export type { FitParams } from './params.js';
