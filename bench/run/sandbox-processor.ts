// BullMQ sandboxed processor of the threads-vs-sandbox benchmark: the whole job in this child
// process, SVM inline (the child is the isolation, as BullMQ's sandbox design intends).
import { createSvmRunner } from '@fleetscore/svm/pool';
import { runBenchJob, type SandboxJob } from './sandbox-work.js';

const svm = createSvmRunner(0);

export default async function processor(job: { data: SandboxJob }): Promise<number> {
  return runBenchJob(job.data, svm);
}
