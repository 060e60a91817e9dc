import type { EntityOutcome } from '@fleetscore/shared';
import type { PrefetchSource } from './prefetch-models.js';

/**
 * The log of one job attempt, written as one NDJSON blob (`logs/run={runId}/job={n}.ndjson`):
 * the reference's per-job stdout/stderr in Blob. Each line is one event with its time; the
 * last attempt's log replaces the earlier ones (the ledger counts the attempts).
 */
export type JobLogEvent =
  | {
      event: 'start';
      runId: string;
      jobIndex: number;
      kind: 'score' | 'train';
      attempt: number;
      workerId: string;
      shard: number;
      from: string;
      to: string;
      entities: number;
    }
  | { event: 'windows'; windows: number; readMs: number }
  | { event: 'models'; versions: Record<string, number>; source?: PrefetchSource }
  | ({ event: 'entity' } & EntityOutcome)
  | { event: 'warning'; message: string }
  | { event: 'unmodelled'; sensors: string[] }
  | {
      event: 'end';
      state: 'succeeded' | 'failed' | 'dead-lettered' | 'cancelled';
      rows: number;
      anomalies: number;
      timings: Record<string, number>;
      predictions?: string;
      error?: string;
    };

export class JobLog {
  readonly #lines: string[] = [];
  readonly #now: () => Date;

  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
  }

  add(event: JobLogEvent): void {
    this.#lines.push(JSON.stringify({ at: this.#now().toISOString(), ...event }));
  }

  warn(message: string): void {
    this.add({ event: 'warning', message });
  }

  text(): string {
    return this.#lines.map((line) => `${line}\n`).join('');
  }
}
