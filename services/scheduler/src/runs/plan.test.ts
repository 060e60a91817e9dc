import { shardOf } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { type Plan, planRun } from './plan.js';

const SHARDS = 4;
const devices = Array.from({ length: 12 }, (_, i) => `dev${String(i).padStart(2, '0')}`);
const current = new Map<string, number>(
  devices.flatMap((d, i) => [[`${d}/t1`, 1 + (i % 3)] as const, [`${d}/t2`, 1] as const]),
);
const shardOfKey = (key: string) => shardOf(key.split('/')[0] as string, SHARDS);

function entitiesOf(plan: Plan): string[] {
  return plan.jobs.flatMap((job) => job.entities.map((e) => e.entity));
}

describe('planRun for a scoring run over every model', () => {
  const plan = planRun({
    run: { id: 'hourly-20261125T1000Z', kind: 'score' },
    current,
    shards: SHARDS,
    jobSize: 3,
  });

  it('plans every entity once, with its current version', () => {
    expect(entitiesOf(plan).sort()).toEqual([...current.keys()].sort());
    for (const job of plan.jobs) {
      for (const { entity, version } of job.entities) expect(version).toBe(current.get(entity));
    }
    expect(plan.noModel).toEqual([]);
  });

  it('groups jobs by device shard, sorted within a shard, in chunks of K, indexed in order', () => {
    expect(plan.jobs.map((job) => job.index)).toEqual(plan.jobs.map((_, i) => i));
    for (const job of plan.jobs) {
      expect(job.entities.length).toBeLessThanOrEqual(3);
      for (const { entity } of job.entities) expect(shardOfKey(entity)).toBe(job.shard);
    }
    for (let shard = 0; shard < SHARDS; shard += 1) {
      const ofShard = plan.jobs.filter((job) => job.shard === shard);
      const keys = ofShard.flatMap((job) => job.entities.map((e) => e.entity));
      expect(keys).toEqual([...current.keys()].filter((k) => shardOfKey(k) === shard).sort());
      // Full chunks first; only the last may be short.
      expect(ofShard.slice(0, -1).every((job) => job.entities.length === 3)).toBe(true);
    }
    expect(plan.jobs.map((job) => job.shard)).toEqual(
      [...plan.jobs.map((job) => job.shard)].sort(),
    );
  });

  it('asks exactly the first job of each shard to report unmodelled sensors', () => {
    for (let shard = 0; shard < SHARDS; shard += 1) {
      const ofShard = plan.jobs.filter((job) => job.shard === shard);
      expect(ofShard.map((job) => job.reportUnmodelled)).toEqual(ofShard.map((_, i) => i === 0));
    }
  });

  it('gives a shard with no model one empty job that reports unmodelled sensors', () => {
    const one = new Map([['dev00/t1', 2]]);
    const sparse = planRun({
      run: { id: 'hourly-20261125T1000Z', kind: 'score' },
      current: one,
      shards: SHARDS,
      jobSize: 3,
    });
    expect(sparse.jobs).toHaveLength(SHARDS);
    expect(sparse.jobs.map((job) => job.shard)).toEqual([0, 1, 2, 3]);
    expect(sparse.jobs.every((job) => job.reportUnmodelled)).toBe(true);
    const withModel = sparse.jobs.filter((job) => job.entities.length > 0);
    expect(withModel).toEqual([
      {
        index: shardOf('dev00', SHARDS),
        shard: shardOf('dev00', SHARDS),
        entities: [{ entity: 'dev00/t1', version: 2 }],
        reportUnmodelled: true,
      },
    ]);
  });

  it('hands each job its shard’s window blobs, and plans no job for a shard with neither model nor windows', () => {
    const one = new Map([['dev00/t1', 2]]);
    const modelShard = shardOf('dev00', SHARDS);
    const otherShard = (modelShard + 1) % SHARDS;
    const blob = (s: number) => `windows/2026/11/25/10/shard=${s}/p0-1-2-3.ndjson`;
    const windows = new Map([
      [modelShard, [blob(modelShard)]],
      [otherShard, [blob(otherShard)]],
    ]);
    const known = planRun({
      run: { id: 'hourly-20261125T1000Z', kind: 'score' },
      current: one,
      shards: SHARDS,
      jobSize: 3,
      windows,
    });
    expect(known.jobs.map((job) => [job.shard, job.entities.length, job.windows])).toEqual(
      [
        [modelShard, 1, [blob(modelShard)]],
        [otherShard, 0, [blob(otherShard)]],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
  });

  it('with K = 1 gives one job per entity', () => {
    const single = planRun({
      run: { id: 'hourly-20261125T1000Z', kind: 'score' },
      current,
      shards: SHARDS,
      jobSize: 1,
    });
    expect(single.jobs.filter((job) => job.entities.length === 1)).toHaveLength(current.size);
  });
});

describe('planRun for a run over chosen entities', () => {
  it('plans the requested entities with a model and lists the rest as no-model', () => {
    const plan = planRun({
      run: {
        id: 'api-20261125T1000Z-abc123',
        kind: 'score',
        entities: ['dev03/t1', 'ghost/t1', 'dev01/t2', 'dev03/t1', 'dev05/t9'],
      },
      current,
      shards: SHARDS,
      jobSize: 50,
    });
    expect(entitiesOf(plan).sort()).toEqual(['dev01/t2', 'dev03/t1']);
    expect(plan.noModel).toEqual(['dev05/t9', 'ghost/t1']);
    expect(plan.jobs.every((job) => !job.reportUnmodelled && job.entities.length > 0)).toBe(true);
  });

  it('plans no job when no requested entity has a model', () => {
    const plan = planRun({
      run: { id: 'api-20261125T1000Z-abc123', kind: 'score', entities: ['ghost/t1'] },
      current,
      shards: SHARDS,
      jobSize: 5,
    });
    expect(plan.jobs).toEqual([]);
    expect(plan.noModel).toEqual(['ghost/t1']);
  });

  it('trains requested entities whether or not they have a model, without versions', () => {
    const plan = planRun({
      run: { id: 'api-20261125T1000Z-abc123', kind: 'train', entities: ['ghost/t1', 'dev01/t2'] },
      current,
      shards: SHARDS,
      jobSize: 5,
    });
    expect(entitiesOf(plan).sort()).toEqual(['dev01/t2', 'ghost/t1']);
    expect(plan.jobs.flatMap((job) => job.entities).every((e) => e.version === undefined)).toBe(
      true,
    );
    expect(plan.noModel).toEqual([]);
  });

  it('refuses a key that is not an entity key', () => {
    expect(() =>
      planRun({
        run: { id: 'api-20261125T1000Z-abc123', kind: 'score', entities: ['a/b/c'] },
        current,
        shards: SHARDS,
        jobSize: 5,
      }),
    ).toThrow('not an entity key');
  });
});
