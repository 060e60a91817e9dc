/**
 * Calls a function at a given time. The scheduler takes one so tests drive time themselves
 * (`ManualTimer` in the tests); `systemTimer` uses `setTimeout`.
 */
export interface SchedulerTimer {
  /** Calls `fire` at `when` (at once when it is past); returns a function that cancels it. */
  at(when: Date, fire: () => Promise<void>): () => void;
}

/** `setTimeout`'s longest delay (about 24.8 days); longer waits are chained. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export const systemTimer: SchedulerTimer = {
  at(when, fire) {
    let handle: NodeJS.Timeout | undefined;
    const arm = () => {
      const delay = when.getTime() - Date.now();
      handle =
        delay > MAX_DELAY_MS
          ? setTimeout(arm, MAX_DELAY_MS)
          : setTimeout(() => void fire(), Math.max(0, delay));
    };
    arm();
    return () => clearTimeout(handle);
  },
};
