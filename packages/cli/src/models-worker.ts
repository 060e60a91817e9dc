/**
 * The thread that reads score-csv's model files (`read-models.ts`): one message in — the folder
 * and its `[key, file]` pairs — and one out — each key's model, or why it has none.
 */
import { parentPort } from 'node:worker_threads';
import { loadModelFiles, type ModelFilesTask } from './model-file.js';

parentPort?.once('message', (task: ModelFilesTask) => {
  parentPort?.postMessage(loadModelFiles(task));
});
