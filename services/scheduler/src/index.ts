export { type ApiDeps, buildApp, buildOpsApp, type OpsDeps } from './app.js';
export { type BoardQueue, QUEUE_BOARD_PATH } from './queue-board/queue-board.js';
export { Reconciler, type ReconcilerOptions } from './reconcile/reconciler.js';
export type { RunDeps } from './runs/deps.js';
export type { RunRequest, RunService, TrainingRequest } from './runs/run-service.js';
export { createRunService } from './runs/run-service-impl.js';
export { Scheduler, type SchedulerOptions } from './schedule/scheduler.js';
export {
  type CatchUpPolicy,
  cronOf,
  missedTicks,
  nextTick,
  windowForTick,
} from './schedule/ticks.js';
export { type SchedulerTimer, systemTimer } from './schedule/timer.js';
