// Entry point of the SVM pool's worker threads (piscina): one SVM task per call.
import { Piscina } from 'piscina';
import { runSvmTask, type SvmTask } from './svm-task.js';

export default function svmWorker(task: SvmTask): unknown {
  const result = runSvmTask(task);
  // Hand the decisions' buffer back instead of copying it.
  return result instanceof Float64Array ? Piscina.move(result) : result;
}
