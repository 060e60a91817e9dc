import { openRecordTable } from '../adapters/open-storage.js';
import type { BaseConfig } from '../config/index.js';
import { RUN_ID_PATTERN, runDay } from '../contracts/run-id.js';
import { isFleetscoreError, NonRetryableError, NotFoundError } from '../errors.js';
import type { RecordTable } from '../ports/record-table.js';
import { checked, readRecord, updateRecord } from './conditional-update.js';
import type {
  JobRecord,
  Ledger,
  NewJobRecord,
  NewRun,
  Page,
  RunQuery,
  RunRecord,
  ScheduleTicks,
} from './ledger.js';
import { jobRecordSchema, runRecordSchema, scheduleTickSchema } from './records.js';
import {
  daysDescending,
  decodeCursor,
  encodeCursor,
  MAX_DAYS_PER_PAGE,
  newestFirst,
  pageLimit,
} from './run-pages.js';

/** The ledger as it is built here: runs, jobs, and the schedules' last ticks. */
export type TableLedger = Ledger & ScheduleTicks;

export interface LedgerTables {
  /** Partition: the run's day (`runDay`); row: the run id. Also the `schedules` partition. */
  runs: RecordTable<object>;
  /** Partition: the run id; row: the zero-padded job index. */
  jobs: RecordTable<object>;
  /** Default: the system clock. */
  now?: () => Date;
}

/** The partition of the runs table that holds each schedule's last tick. */
export const SCHEDULES_PARTITION = 'schedules';
/** Jobs inserted at once by `putJobs`. */
const PUT_CONCURRENCY = 16;

const parseRun = (value: unknown) => runRecordSchema.parse(value);
const parseJob = (value: unknown) => jobRecordSchema.parse(value);
const parseTick = (value: unknown) => scheduleTickSchema.parse(value);

/** A job's row key: the index zero-padded, so rowKey order is index order. */
export function jobRowKey(index: number): string {
  return String(index).padStart(6, '0');
}

export function createLedger({ runs, jobs, now = () => new Date() }: LedgerTables): TableLedger {
  const runKey = (id: string) => {
    if (!RUN_ID_PATTERN.test(id)) throw new NonRetryableError(`not a run id: ${id}`);
    return { partitionKey: runDay(id), rowKey: id };
  };
  const jobKey = (runId: string, index: number) => {
    runKey(runId);
    if (!Number.isSafeInteger(index) || index < 0) {
      throw new NonRetryableError(`not a job index: ${index}`);
    }
    return { partitionKey: runId, rowKey: jobRowKey(index) };
  };

  return {
    async createRun(run: NewRun) {
      const key = runKey(run.id);
      const record = parseRun({
        ...run,
        state: 'planning',
        createdAt: now().toISOString(),
        jobCount: 0,
        jobStates: {},
      } satisfies RunRecord);
      try {
        await runs.insert(key.partitionKey, key.rowKey, record);
        return { created: true, run: record };
      } catch (error) {
        if (!isFleetscoreError(error, 'ALREADY_EXISTS')) throw error;
        const existing = await readRecord(runs, key.partitionKey, key.rowKey, parseRun);
        // Inserted, then deleted before this read: rare enough to report rather than loop.
        if (existing === undefined) throw error;
        return { created: false, run: existing.value };
      }
    },

    async getRun(id: string) {
      if (!RUN_ID_PATTERN.test(id)) return undefined;
      const key = runKey(id);
      return (await readRecord(runs, key.partitionKey, key.rowKey, parseRun))?.value;
    },

    async listRuns(query: RunQuery): Promise<Page<RunRecord>> {
      const limit = pageLimit(query);
      const cursor =
        query.continuation === undefined ? undefined : decodeCursor(query.continuation);
      const [from, to] = [query.from.getTime(), query.to.getTime()];
      const items: RunRecord[] = [];
      let daysRead = 0;
      for (const day of daysDescending(query.from, query.to, cursor?.day)) {
        if (daysRead === MAX_DAYS_PER_PAGE) return { items, continuation: encodeCursor({ day }) };
        daysRead += 1;
        const after = day === cursor?.day ? cursor.after : undefined;
        const ofDay: Array<{ from: number; id: string; run: RunRecord }> = [];
        for await (const stored of runs.list(day)) {
          const run = checked(stored, parseRun).value;
          const start = Date.parse(run.from);
          if (start < from || start >= to) continue;
          if (query.state !== undefined && run.state !== query.state) continue;
          const position = { from: start, id: run.id, run };
          if (after !== undefined && newestFirst(after, position) >= 0) continue;
          ofDay.push(position);
        }
        ofDay.sort(newestFirst);
        for (const position of ofDay) {
          if (items.length === limit) {
            const last = items[items.length - 1] as RunRecord;
            return {
              items,
              continuation: encodeCursor({
                day,
                after: { from: Date.parse(last.from), id: last.id },
              }),
            };
          }
          items.push(position.run);
        }
      }
      return { items };
    },

    updateRun(id, change) {
      return updateRecord(
        runs,
        runKey(id),
        parseRun,
        change,
        () => new NotFoundError(`no run ${id}`),
      );
    },

    async putJobs(newJobs: readonly NewJobRecord[]) {
      const queuedAt = now().toISOString();
      for (let start = 0; start < newJobs.length; start += PUT_CONCURRENCY) {
        const batch = newJobs.slice(start, start + PUT_CONCURRENCY);
        await Promise.all(
          batch.map(async (job) => {
            const key = jobKey(job.runId, job.index);
            const record = parseJob({ ...job, state: 'queued', attempts: 0, queuedAt });
            try {
              await jobs.insert(key.partitionKey, key.rowKey, record);
            } catch (error) {
              if (!isFleetscoreError(error, 'ALREADY_EXISTS')) throw error;
            }
          }),
        );
      }
    },

    async getJob(runId: string, index: number) {
      if (!RUN_ID_PATTERN.test(runId)) return undefined;
      const key = jobKey(runId, index);
      return (await readRecord(jobs, key.partitionKey, key.rowKey, parseJob))?.value;
    },

    async listJobs(runId: string) {
      if (!RUN_ID_PATTERN.test(runId)) return [];
      const all: JobRecord[] = [];
      for await (const stored of jobs.list(runId)) all.push(checked(stored, parseJob).value);
      return all;
    },

    updateJob(runId, index, change) {
      return updateRecord(
        jobs,
        jobKey(runId, index),
        parseJob,
        change,
        () => new NotFoundError(`no job ${runId}/${index}`),
      );
    },

    async lastTick(schedule: string) {
      const stored = await readRecord(runs, SCHEDULES_PARTITION, schedule, parseTick);
      return stored === undefined ? undefined : new Date(stored.value.tick);
    },

    async recordTick(schedule: string, tick: Date) {
      const value = { schedule, tick: tick.toISOString() };
      try {
        await runs.insert(SCHEDULES_PARTITION, schedule, value);
        return;
      } catch (error) {
        if (!isFleetscoreError(error, 'ALREADY_EXISTS')) throw error;
      }
      // Only forwards: a replica that is behind never moves the mark back.
      await updateRecord(
        runs,
        { partitionKey: SCHEDULES_PARTITION, rowKey: schedule },
        parseTick,
        (current) => (Date.parse(current.tick) >= tick.getTime() ? undefined : value),
        () => new NotFoundError(`no tick record for schedule ${schedule}`),
      );
    },
  };
}

/** Opens (creating when missing) the `runs` and `jobs` tables and builds the ledger on them. */
export async function openLedger(storage: BaseConfig['storage']): Promise<TableLedger> {
  const [runs, jobs] = await Promise.all([
    openRecordTable<object>(storage, 'runs'),
    openRecordTable<object>(storage, 'jobs'),
  ]);
  return createLedger({ runs, jobs });
}
