/**
 * The scorer's V8 old-space cap. Without one, V8 sizes the heap from the machine's memory
 * (about 4 GiB on a 24 GiB host) and lets a scorer's short-lived garbage (parsed window lines,
 * prediction text) pile up between full collections: on `bench:run`, 2,500 sensors on two
 * scorers peaked at 465 MiB RSS uncapped and at 315 MiB with a 224 MiB cap, in the same time.
 * At 10,000 sensors, two scorers each running two jobs of 450,000 rows at once used at most
 * 136 MiB of the capped heap (the model cache's typed arrays live outside it): the cap bounds
 * the slack, not the work.
 */
export const SCORER_HEAP_MB = 256;

/** The Node flag that sets the cap, as deployments pass it (NODE_OPTIONS or argv). */
export const SCORER_HEAP_FLAG = `--max-old-space-size=${SCORER_HEAP_MB}`;

/**
 * Node flags to start a scorer process with: the cap, unless `nodeOptions` (the environment's
 * NODE_OPTIONS) already chooses one — an operator's setting wins.
 */
export function scorerNodeFlags(nodeOptions = ''): string[] {
  return /(^|\s)--max-old-space-size[= ]/.test(nodeOptions) ? [] : [SCORER_HEAP_FLAG];
}

/**
 * A warning for a scorer whose heap limit (V8's `heap_size_limit`, bytes) is well above the
 * cap: it was started without the flag, and its RSS will follow V8's slack, not its work.
 */
export function heapLimitWarning(heapLimitBytes: number): string | undefined {
  const mib = Math.round(heapLimitBytes / 2 ** 20);
  if (mib <= 2 * SCORER_HEAP_MB) return undefined;
  return `V8 heap limit is ${mib} MiB: garbage may grow this scorer's memory far past what it uses; start it with ${SCORER_HEAP_FLAG} (in NODE_OPTIONS), as the image and scale-local do`;
}
