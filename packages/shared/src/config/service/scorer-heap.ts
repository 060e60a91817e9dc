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

/**
 * The cap of each of V8's young-generation semi-spaces, MiB: Node 20's default. Node 24's V8
 * lets them grow to 64 MiB (its `heap_size_limit` under the old-space cap above is 448 MiB,
 * Node 20's 304): at 10,000 sensors on `bench:run` a scorer then peaked at ~460 MiB RSS
 * instead of ~310, with the same code, and no faster (bench/README.md, "Node 20 → 24").
 */
export const SCORER_SEMI_SPACE_MB = 16;

/** The Node flags that bound the scorer's heap, as deployments pass them (argv). */
export const SCORER_HEAP_FLAGS = [
  `--max-old-space-size=${SCORER_HEAP_MB}`,
  `--max-semi-space-size=${SCORER_SEMI_SPACE_MB}`,
] as const;

/** The same flags as one NODE_OPTIONS value (compose and Bicep set exactly this). */
export const SCORER_NODE_OPTIONS = SCORER_HEAP_FLAGS.join(' ');

const flagName = (flag: string) => flag.slice(0, flag.indexOf('='));

/**
 * Node flags to start a scorer process with: each of the heap flags, unless `nodeOptions` (the
 * environment's NODE_OPTIONS) already chooses that one — an operator's setting wins.
 */
export function scorerNodeFlags(nodeOptions = ''): string[] {
  return SCORER_HEAP_FLAGS.filter(
    (flag) => !new RegExp(`(^|\\s)${flagName(flag)}[= ]`).test(nodeOptions),
  );
}

/**
 * A warning for a scorer whose heap limit (V8's `heap_size_limit`, bytes) is well above the
 * cap: it was started without the flags, and its RSS will follow V8's slack, not its work.
 */
export function heapLimitWarning(heapLimitBytes: number): string | undefined {
  const mib = Math.round(heapLimitBytes / 2 ** 20);
  if (mib <= 2 * SCORER_HEAP_MB) return undefined;
  return `V8 heap limit is ${mib} MiB: garbage may grow this scorer's memory far past what it uses; start it with ${SCORER_NODE_OPTIONS} (in NODE_OPTIONS), as the image and scale-local do`;
}
