import { afterAll, describe, expect, it } from 'vitest';
import { AzureRecordTable } from '../adapters/azure/record-table.js';
import { createTableClient } from '../adapters/azure/table-client.js';
import { runId } from '../contracts/run-id.js';
import { NonRetryableError, NotFoundError } from '../errors.js';
import { testStack, uniqueName } from '../testing/stack-env.js';
import type { NewRun, RunRecord } from './ledger.js';
import { createLedger, jobRowKey, openLedger, SCHEDULES_PARTITION } from './table-ledger.js';

const { storageConnectionString: connectionString } = testStack();
const created: string[] = [];

afterAll(async () => {
  await Promise.all(
    created.map((table) => createTableClient({ connectionString, table }).deleteTable()),
  );
});

async function tables() {
  const [runsName, jobsName] = [uniqueName('runs'), uniqueName('jobs')];
  created.push(runsName, jobsName);
  const [runs, jobs] = await Promise.all([
    AzureRecordTable.connect<object>({ connectionString, table: runsName, listPageSize: 2 }),
    AzureRecordTable.connect<object>({ connectionString, table: jobsName }),
  ]);
  return { runs, jobs };
}

function newRun(id: string, from: string, to: string): NewRun {
  return { id, kind: 'score', trigger: { kind: 'api' }, from, to };
}

const hourly = (start: string) => {
  const from = new Date(start);
  return newRun(
    runId('hourly', from),
    from.toISOString(),
    new Date(from.getTime() + 3_600_000).toISOString(),
  );
};

describe('table ledger on Azurite', () => {
  it('creates a run once: a second create returns the existing record', async () => {
    const ledger = createLedger(await tables());
    const run = hourly('2026-11-25T10:00:00Z');
    const first = await ledger.createRun(run);
    expect(first.created).toBe(true);
    expect(first.run).toMatchObject({ ...run, state: 'planning', jobCount: 0, jobStates: {} });
    const second = await ledger.createRun({ ...run, trigger: { kind: 'cli' } });
    expect(second).toEqual({ created: false, run: first.run });
    expect(await ledger.getRun(run.id)).toEqual(first.run);
    expect(await ledger.getRun(runId('hourly', new Date('2026-11-25T11:00:00Z')))).toBeUndefined();
    expect(await ledger.getRun('not a run id')).toBeUndefined();
  });

  it('lets exactly one of many racing creators win', async () => {
    const ledger = createLedger(await tables());
    const run = hourly('2026-11-25T12:00:00Z');
    const results = await Promise.all(Array.from({ length: 6 }, () => ledger.createRun(run)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
  });

  it('updates a run under its ETag, re-applying the change after a lost race', async () => {
    const ledger = createLedger(await tables());
    const run = hourly('2026-11-25T13:00:00Z');
    await ledger.createRun(run);
    // Ten concurrent increments: each lost race re-reads and re-applies, so none is lost.
    await Promise.all(
      Array.from({ length: 10 }, () =>
        ledger.updateRun(run.id, (current) => ({ ...current, jobCount: current.jobCount + 1 })),
      ),
    );
    expect((await ledger.getRun(run.id))?.jobCount).toBe(10);
    const unchanged = await ledger.updateRun(run.id, () => undefined);
    expect(unchanged.jobCount).toBe(10);
    await expect(
      ledger.updateRun(runId('hourly', new Date('2026-01-01T00:00:00Z')), (r) => r),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      ledger.updateRun(
        run.id,
        (current) => ({ ...current, state: 'bogus' }) as unknown as RunRecord,
      ),
    ).rejects.toThrow();
    expect((await ledger.getRun(run.id))?.state).toBe('planning');
  });

  it('refuses a stored record that does not parse, naming its key', async () => {
    const t = await tables();
    const ledger = createLedger(t);
    const id = runId('hourly', new Date('2026-11-25T14:00:00Z'));
    await t.runs.insert('20261125', id, { id, state: 'nonsense' });
    const read = ledger.getRun(id);
    await expect(read).rejects.toBeInstanceOf(NonRetryableError);
    await expect(ledger.getRun(id)).rejects.toThrow(`(20261125, ${id})`);
  });

  it('lists runs by window start, newest first, paged across days', async () => {
    const ledger = createLedger(await tables());
    const starts = [
      '2026-11-23T22:00:00Z',
      '2026-11-24T01:00:00Z',
      '2026-11-24T23:00:00Z',
      '2026-11-25T00:00:00Z',
      '2026-11-25T05:00:00Z',
    ];
    for (const start of starts) await ledger.createRun(hourly(start));
    // Two runs of the same window: the later id comes first.
    const api = newRun(
      runId('api', new Date(starts[4] as string), 'abc123'),
      starts[4] as string,
      '2026-11-25T06:00:00Z',
    );
    await ledger.createRun(api);
    await ledger.updateRun(runId('hourly', new Date(starts[1] as string)), (run) => ({
      ...run,
      state: 'running',
    }));

    const range = { from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-26T00:00:00Z') };
    const ids: string[] = [];
    let continuation: string | undefined;
    let pages = 0;
    do {
      const page = await ledger.listRuns({ ...range, limit: 2, continuation });
      ids.push(...page.items.map((run) => run.id));
      continuation = page.continuation;
      pages += 1;
    } while (continuation !== undefined && pages < 10);
    expect(continuation).toBeUndefined();
    expect(ids).toEqual([
      runId('hourly', new Date(starts[4] as string)),
      api.id,
      runId('hourly', new Date(starts[3] as string)),
      runId('hourly', new Date(starts[2] as string)),
      runId('hourly', new Date(starts[1] as string)),
    ]);

    const running = await ledger.listRuns({ ...range, state: 'running' });
    expect(running.items.map((run) => run.id)).toEqual([
      runId('hourly', new Date(starts[1] as string)),
    ]);
    const narrow = await ledger.listRuns({
      from: new Date('2026-11-25T00:00:00Z'),
      to: new Date('2026-11-25T05:00:00Z'),
    });
    expect(narrow.items.map((run) => run.id)).toEqual([
      runId('hourly', new Date(starts[3] as string)),
    ]);
    await expect(ledger.listRuns({ ...range, continuation: 'garbage!' })).rejects.toBeInstanceOf(
      NonRetryableError,
    );
  });

  it('records jobs idempotently and updates them under their ETag', async () => {
    const ledger = createLedger({
      ...(await tables()),
      now: () => new Date('2026-11-25T11:05:00Z'),
    });
    const run = hourly('2026-11-25T10:00:00Z');
    await ledger.createRun(run);
    const jobs = Array.from({ length: 12 }, (_, index) => ({
      runId: run.id,
      index,
      shard: index % 4,
      size: 3,
    }));
    await ledger.putJobs(jobs.slice(0, 5));
    await ledger.updateJob(run.id, 2, (job) => ({ ...job, state: 'running', attempts: 1 }));
    await ledger.putJobs(jobs);
    const listed = await ledger.listJobs(run.id);
    expect(listed.map((job) => job.index)).toEqual(jobs.map((job) => job.index));
    expect(listed[2]).toMatchObject({ state: 'running', attempts: 1 });
    expect(listed[11]).toMatchObject({
      ...jobs[11],
      state: 'queued',
      attempts: 0,
      queuedAt: '2026-11-25T11:05:00.000Z',
    });
    expect(await ledger.getJob(run.id, 11)).toEqual(listed[11]);
    expect(await ledger.getJob(run.id, 12)).toBeUndefined();
    await Promise.all(
      Array.from({ length: 5 }, () =>
        ledger.updateJob(run.id, 3, (job) => ({ ...job, attempts: job.attempts + 1 })),
      ),
    );
    expect((await ledger.getJob(run.id, 3))?.attempts).toBe(5);
    await expect(ledger.updateJob(run.id, 99, (job) => job)).rejects.toBeInstanceOf(NotFoundError);
    expect(jobRowKey(11)).toBe('000011');
  });

  it('keeps each schedule’s last tick, never moving it back', async () => {
    const t = await tables();
    const ledger = createLedger(t);
    expect(await ledger.lastTick('hourly')).toBeUndefined();
    await ledger.recordTick('hourly', new Date('2026-11-25T10:05:00Z'));
    await ledger.recordTick('hourly', new Date('2026-11-25T09:05:00Z'));
    expect(await ledger.lastTick('hourly')).toEqual(new Date('2026-11-25T10:05:00Z'));
    await Promise.all([
      ledger.recordTick('hourly', new Date('2026-11-25T12:05:00Z')),
      ledger.recordTick('hourly', new Date('2026-11-25T11:05:00Z')),
    ]);
    expect(await ledger.lastTick('hourly')).toEqual(new Date('2026-11-25T12:05:00Z'));
    expect(await t.runs.get(SCHEDULES_PARTITION, 'hourly')).toBeDefined();
    // The schedules partition is not a day: listing runs never sees it.
    const page = await ledger.listRuns({
      from: new Date('2026-11-20T00:00:00Z'),
      to: new Date('2026-11-30T00:00:00Z'),
    });
    expect(page.items).toEqual([]);
  });

  it('opens its tables from the storage settings', async () => {
    const tablePrefix = uniqueName('p');
    created.push(`${tablePrefix}runs`, `${tablePrefix}jobs`);
    const ledger = await openLedger({ connectionString, container: 'unused', tablePrefix });
    const run = hourly('2026-11-25T10:00:00Z');
    expect((await ledger.createRun(run)).created).toBe(true);
    expect((await ledger.getRun(run.id))?.id).toBe(run.id);
  });
});
