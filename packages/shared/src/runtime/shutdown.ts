/**
 * Graceful shutdown for a service process (STYLE §6): on SIGTERM/SIGINT, stop intake, drain
 * with a deadline, close — in the reverse order of registration. A second signal, or the
 * deadline passing, exits at once with code 1 (no hang under a container's grace period).
 */
import { failureReason } from '../errors.js';
import { shutdownDeadlineMs } from './shutdown-budget.js';

export interface ShutdownOptions {
  /** Whole-shutdown deadline, ms. Default `shutdownDeadlineMs()` (shutdown-budget.ts), 25 s. */
  deadlineMs?: number;
  log?: (message: string) => void;
  exit?: (code: number) => void;
}

export interface Shutdown {
  /** Registers a step; steps run last-registered first. */
  add(name: string, step: () => Promise<void>): void;
  /** Runs the steps once (later calls return the same promise). */
  run(reason: string): Promise<void>;
}

export function createShutdown(options: ShutdownOptions = {}): Shutdown {
  const {
    deadlineMs = shutdownDeadlineMs(),
    log = () => {},
    exit = (code) => process.exit(code),
  } = options;
  const steps: { name: string; step: () => Promise<void> }[] = [];
  let running: Promise<void> | undefined;

  const runSteps = async (reason: string) => {
    log(`shutting down (${reason})`);
    const timer = setTimeout(() => {
      log(`shutdown exceeded ${deadlineMs} ms; exiting`);
      exit(1);
    }, deadlineMs);
    timer.unref();
    let failed = false;
    for (const { name, step } of [...steps].reverse()) {
      try {
        await step();
      } catch (error) {
        failed = true;
        log(`shutdown step ${name} failed: ${failureReason(error)}`);
      }
    }
    clearTimeout(timer);
    exit(failed ? 1 : 0);
  };

  return {
    add: (name, step) => void steps.push({ name, step }),
    run: (reason) => {
      running ??= runSteps(reason);
      return running;
    },
  };
}

/** Wires SIGTERM and SIGINT to `shutdown.run`; a second signal exits immediately. */
export function onSignals(shutdown: Shutdown, exit = (code: number) => process.exit(code)) {
  let received = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (received) return exit(1);
      received = true;
      void shutdown.run(signal);
    });
  }
}
