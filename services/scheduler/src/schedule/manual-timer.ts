import type { SchedulerTimer } from './timer.js';

/** A timer tests drive: nothing fires until `fireDue(now)` runs what is due and awaits it. */
export class ManualTimer implements SchedulerTimer {
  #pending: Array<{ when: Date; fire: () => Promise<void> }> = [];

  at(when: Date, fire: () => Promise<void>): () => void {
    const entry = { when, fire };
    this.#pending.push(entry);
    return () => {
      this.#pending = this.#pending.filter((other) => other !== entry);
    };
  }

  /** When the earliest pending call is due, if any. */
  next(): Date | undefined {
    return this.#pending.map((entry) => entry.when).sort((a, b) => a.getTime() - b.getTime())[0];
  }

  /** Fires (once) every call due at `now` and waits for them. */
  async fireDue(now: Date): Promise<void> {
    const due = this.#pending.filter((entry) => entry.when.getTime() <= now.getTime());
    this.#pending = this.#pending.filter((entry) => !due.includes(entry));
    await Promise.all(due.map((entry) => entry.fire()));
  }
}
