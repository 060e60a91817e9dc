import { fileURLToPath } from 'node:url';
import type { FitParams, OcsvmModel } from '@fleetscore/svm';
import { Piscina } from 'piscina';
import { runSvmTask, type SvmTask, scoringModel } from './svm-task.js';

/**
 * Runs the SVM math of jobs. With threads, scoring and fitting happen in a piscina pool, so the
 * main thread stays free for the queue's lock renewal and the health endpoint however long a
 * job computes; with `threads: 0` they run inline (tests, tiny deployments).
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
 * The worker file beside this one. Run from TypeScript sources (tsx, vitest), the worker is a
 * `.ts` file too and needs tsx's loader and the `source` export condition of the workspace
 * packages; built, it is plain `.js`.
 */
function workerEntry(): { filename: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = fileURLToPath(
    new URL(`./svm-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url),
  );
  // Built, the thread gets no flags at all rather than the parent's: it needs no loader, and a
  // preload given to the process (a profiler, the bench's request counter) is not for it.
  return fromSource
    ? { filename, execArgv: ['--conditions=source', '--import', 'tsx'] }
    : { filename, execArgv: [] };
}
