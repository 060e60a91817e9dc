import type { JobQueue } from '@fleetscore/shared';
import { decideScale, type LocalScalePolicy } from './decide.js';

/** A scorer the autoscaler started. */
export interface ScorerHandle {
  readonly id: string;
  /** SIGTERM: the scorer stops taking jobs and drains. */
  stop(): void;
  /** Resolves when the process has exited (stopped or crashed). */
  readonly exited: Promise<unknown>;
}

export interface AutoscalerOptions {
  queue: Pick<JobQueue<unknown>, 'depth'>;
  startScorer: () => Promise<ScorerHandle>;
  policy: LocalScalePolicy;
  /** Between two looks at the queue, ms. */
  pollMs: number;
  /** Each decision that changes something, for the operator. */
  report?: (line: string) => void;
  now?: () => number;
}

export interface Autoscaler {
  /** Scorers running (not stopping). */
  readonly running: number;
  /** Stops the loop, SIGTERMs every scorer and waits for them to exit. */
  close(): Promise<void>;
}

/**
 * The local autoscaler's shell: every `pollMs` reads the queue depth, asks `decideScale`, and
 * starts or stops scorer processes. A scorer that exits on its own (a crash) is forgotten, so
 * the next tick starts another if the queue still needs it. A depth read that fails is
 * reported and skipped: scorers keep running as they are.
 */
export function startAutoscaler(options: AutoscalerOptions): Autoscaler {
  const now = options.now ?? Date.now;
  const report = options.report ?? (() => {});
  const running: ScorerHandle[] = [];
  const stopping = new Set<Promise<unknown>>();
  let surplusSince: number | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let tick: Promise<void> = Promise.resolve();

  const stop = (scorer: ScorerHandle) => {
    running.splice(running.indexOf(scorer), 1);
    scorer.stop();
    const exited = scorer.exited.finally(() => stopping.delete(exited));
    stopping.add(exited);
  };

  async function once(): Promise<void> {
    let depth: Awaited<ReturnType<typeof options.queue.depth>>;
    try {
      depth = await options.queue.depth();
    } catch (error) {
      report(`queue depth unavailable: ${(error as Error).message}`);
      return;
    }
    const decision = decideScale(
      { depth, running: running.length, surplusSince, now: now() },
      options.policy,
    );
    surplusSince = decision.surplusSince;
    if (decision.action === 'start') {
      for (let i = 0; i < decision.count && !closed; i += 1) {
        const scorer = await options.startScorer();
        running.push(scorer);
        void scorer.exited.then(() => {
          const at = running.indexOf(scorer);
          if (at >= 0) running.splice(at, 1);
        });
      }
      report(`backlog ${describe(depth)}: started ${decision.count}, running ${running.length}`);
    } else if (decision.action === 'stop') {
      // Newest first: the oldest have the warmest model caches.
      for (const scorer of running.slice(-decision.count)) stop(scorer);
      report(`idle: stopped ${decision.count}, running ${running.length}`);
    }
  }

  const loop = () => {
    if (closed) return;
    tick = once().finally(() => {
      if (!closed) timer = setTimeout(loop, options.pollMs);
    });
  };
  loop();

  return {
    get running() {
      return running.length;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await tick;
      for (const scorer of [...running]) stop(scorer);
      await Promise.allSettled([...stopping]);
    },
  };
}

const describe = (d: { waiting: number; delayed: number; active: number; prioritized: number }) =>
  `waiting ${d.waiting + d.prioritized}, delayed ${d.delayed}, active ${d.active}`;
