/**
 * The scorer's test kit, the only thing its package exports: a service is started, never
 * imported as a library (docs/architecture.md). The system tests (test/) run a scorer
 * in-process on the local stack. (Its SVM worker pool is a library's: `@fleetscore/svm/pool`.)
 */
export { type Scorer, startScorer } from './start-scorer.js';
