/**
 * A skewed wall clock for one process, for the clock-skew scenario: loaded with
 * `node --import=<this file>` (through NODE_OPTIONS), it shifts `Date.now()` and `new Date()`
 * by `FLEETSCORE_TEST_CLOCK_OFFSET_MS` (signed, ms). Timers and `performance.now()` keep real
 * time, as on a host whose clock is set wrong. Test code only: the services have no clock
 * option, and this variable means nothing to them.
 *
 * Plain JavaScript: NODE_OPTIONS imports run before `--import tsx` has registered TypeScript.
 */
const offsetMs = Number(process.env.FLEETSCORE_TEST_CLOCK_OFFSET_MS ?? '0');
if (!Number.isFinite(offsetMs)) {
  throw new Error(`FLEETSCORE_TEST_CLOCK_OFFSET_MS must be a number of ms, got ${offsetMs}`);
}

const RealDate = Date;

class SkewedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...args);
  }

  static now() {
    return RealDate.now() + offsetMs;
  }
}

// `Date()` called without `new` returns the current time as a string; keep that too.
const SkewedDateFunction = new Proxy(SkewedDate, {
  apply: () => new SkewedDate().toString(),
});
globalThis.Date = SkewedDateFunction;
