import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { FitParams } from '../fit/index.js';
import type { OcsvmModel } from '../model.js';
import { runSvmTask, type SvmTask, scoringModel } from './svm-task.js';

/**
 * Runs the SVM math off the caller's thread. With threads, scoring and fitting happen in a
 * piscina pool, so a service's main thread stays free for I/O (the scorer's queue lock renewal
 * and health endpoint) however long the math takes; with `threads: 0` they run inline (tests,
 * tiny deployments).
 */
export interface SvmRunner {
  decide(model: OcsvmModel, rows: Float64Array): Promise<Float64Array>;
  fit(rows: Float64Array, nFeatures: number, params: FitParams): Promise<OcsvmModel>;
  close(): Promise<void>;
}

export function createSvmRunner(threads: number): SvmRunner {
  return threads === 0 ? inlineRunner() : poolRunner(threads);
}

function inlineRunner(): SvmRunner {
  return {
    decide: async (model, rows) => runSvmTask({ kind: 'decide', model, rows }) as Float64Array,
    fit: async (rows, nFeatures, params) =>
      runSvmTask({ kind: 'fit', rows, nFeatures, params }) as OcsvmModel,
    close: async () => {},
  };
}

function poolRunner(threads: number): SvmRunner {
  const pool = new Piscina<SvmTask, Float64Array | OcsvmModel>({
    ...workerEntry(),
    minThreads: 1,
    maxThreads: threads,
    // Idle threads go after a minute; a busy scorer keeps its pool warm.
    idleTimeout: 60_000,
  });
  return {
    async decide(model, rows) {
      // The rows are the caller's scratch buffer: transfer instead of copying.
      const task: SvmTask = { kind: 'decide', model: scoringModel(model), rows };
      return (await pool.run(task, { transferList: [rows.buffer as ArrayBuffer] })) as Float64Array;
    },
    async fit(rows, nFeatures, params) {
      const task: SvmTask = { kind: 'fit', rows, nFeatures, params };
      return (await pool.run(task, { transferList: [rows.buffer as ArrayBuffer] })) as OcsvmModel;
    },
    close: () => pool.destroy(),
  };
}

/**
 * The worker file beside this one. A process that loads this package from its TypeScript
 * sources (tsx or vitest with the `source` condition) gets `svm-runner.ts`, and its worker is
 * a `.ts` file too that needs tsx's loader; built, both are plain `.js` under dist/. The worker
 * imports only this package's own files (relatively) and piscina, so it needs no export
 * condition.
 */
function workerEntry(): { filename: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = fileURLToPath(
    new URL(`./svm-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url),
  );
  // Built, the thread gets no flags at all rather than the parent's: it needs no loader, and a
  // preload given to the process (a profiler, the bench's request counter) is not for it.
  return fromSource ? { filename, execArgv: ['--import', 'tsx'] } : { filename, execArgv: [] };
}
