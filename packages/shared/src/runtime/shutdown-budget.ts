/**
 * How long a service may take to stop — in one place, so that the process and every platform
 * that stops it agree (STYLE §6).
 *
 * On SIGTERM a service stops intake and lets running work finish for its **drain** time (the
 * scorer's `FLEETSCORE_DRAIN_SECONDS`; a fixed default elsewhere). It then **settles**: hands
 * back what did not finish (so no job loses an attempt to an expired lock), closes its
 * connections and flushes telemetry. The process deadline is drain + settle; past it the
 * process exits 1. A platform's grace period (Container Apps' and Kubernetes'
 * `terminationGracePeriodSeconds`, compose's `stop_grace_period`) must outlast that deadline by
 * a margin, or the kill lands mid-settle. test/deploy holds every deploy file to
 * `platformGraceSeconds`.
 */

/** Drain of services without a drain setting (ingest, aggregator, scheduler), seconds. */
export const DEFAULT_DRAIN_SECONDS = 15;
/** After the drain: hand back, close connections, flush telemetry, seconds. */
export const SETTLE_SECONDS = 10;
/** A platform's grace period beyond the process deadline (signal delivery, slow exits), seconds. */
export const KILL_MARGIN_SECONDS = 5;

/** The process's whole-shutdown deadline, ms: drain + settle. */
export function shutdownDeadlineMs(drainMs = DEFAULT_DRAIN_SECONDS * 1000): number {
  return drainMs + SETTLE_SECONDS * 1000;
}

/** The grace period a platform must give the process before it kills it, seconds. */
export function platformGraceSeconds(drainSeconds = DEFAULT_DRAIN_SECONDS): number {
  return drainSeconds + SETTLE_SECONDS + KILL_MARGIN_SECONDS;
}
