// The SVM worker pool (`@fleetscore/svm/pool`): a subpath of its own, so that the users of the
// kernel alone (the CLI, the registry) do not load piscina.
export { createSvmRunner, type SvmRunner } from './svm-runner.js';
