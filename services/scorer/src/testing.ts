/**
 * The scorer's test kit, the only thing its package exports: a service is started, never
 * imported as a library (docs/architecture.md). The system tests (test/) run a scorer
 * in-process on the local stack; the threads-vs-sandbox benchmark (bench/run) runs its SVM
 * worker pool alone.
 */
export { type Scorer, startScorer } from './start-scorer.js';
export { createSvmRunner, type SvmRunner } from './svm-runner.js';
