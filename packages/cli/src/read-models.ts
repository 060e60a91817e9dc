/**
 * score-csv's model files read and parsed on a thread of their own (`models-worker.ts`) while
 * the main thread parses the data file: on two cores the two take about the same time, and
 * asynchronous reads on the main thread would wait for it between chunks. Where no thread can
 * start, the files are read here instead, with the same results.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadModelFiles, type ModelFilesResult, type ModelFilesTask } from './model-file.js';
import type { LoadedModel } from './score-fleet.js';

/**
 * Model files from which a thread pays: starting one (and its modules) costs ~50 ms built,
 * a few hundred under tsx, while a small model file takes well under 0.1 ms to read and parse.
 */
const ON_THREAD_FROM = 500;

/**
 * The model of every file of `files` (`listModelFiles`' map), or why it has none. `signal`
 * stops the thread (the data file turned out unreadable: the command ends without the models).
 */
export async function readModels(
  dir: string,
  files: Map<string, string>,
  options: { signal?: AbortSignal } = {},
): Promise<Map<string, LoadedModel>> {
  const task: ModelFilesTask = { dir, files: [...files] };
  const result =
    files.size < ON_THREAD_FROM
      ? loadModelFiles(task)
      : await loadOnThread(task, options.signal).catch(() =>
          options.signal?.aborted ? [] : loadModelFiles(task),
        );
  return new Map(
    result.map(([key, loaded]) => [
      key,
      'model' in loaded ? loaded : { error: new Error(loaded.message) },
    ]),
  );
}

/** `loadModelFiles` on a thread of its own; rejects when the thread cannot run or is stopped. */
export function loadOnThread(
  task: ModelFilesTask,
  signal?: AbortSignal,
): Promise<ModelFilesResult> {
  // Built, the worker is models-worker.js beside this file; from the TypeScript sources (tsx,
  // vitest) it is the .ts file and needs tsx's loader and the packages' source condition.
  const fromSource = import.meta.url.endsWith('.ts');
  const worker = new Worker(
    fileURLToPath(new URL(`./models-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url)),
    { execArgv: fromSource ? ['--conditions=source', '--import', 'tsx'] : [] },
  );
  return new Promise<ModelFilesResult>((resolve, reject) => {
    worker.once('message', (result: ModelFilesResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the models thread exited (${code})`)));
    signal?.addEventListener('abort', () => void worker.terminate(), { once: true });
    worker.postMessage(task);
  });
}
