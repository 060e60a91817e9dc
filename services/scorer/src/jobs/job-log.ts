import { formatJobLogLine, type JobLogEvent } from '@fleetscore/shared';

/**
 * The log of one job attempt as it is made, written as one blob when the attempt ends. Its
 * events and their lines are the contract's (packages/shared/src/contracts/job-log.ts), which
 * the scheduler's reconciler reads them back with.
 */
export class JobLog {
  readonly #lines: string[] = [];
  readonly #now: () => Date;

  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
  }

  add(event: JobLogEvent): void {
    this.#lines.push(formatJobLogLine(this.#now(), event));
  }

  warn(message: string): void {
    this.add({ event: 'warning', message });
  }

  text(): string {
    return this.#lines.join('');
  }
}
