import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlobStore } from '@fleetscore/shared';
import { AzureBlobStore } from '@fleetscore/shared/azure';
import { testStack, uniqueName } from '@fleetscore/shared/testing';
import { readWindows } from '@fleetscore/shared/windows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetscoreWithEnv, referenceDir } from '../cli.test-helper.js';
import { readCsv } from '../csv.js';

const { storageConnectionString } = testStack();
const referenceCsv = join(referenceDir, 'sensor_data.csv');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetscore-windows-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A deployment of its own: a fresh container, 4 shards. */
async function deployment(extra: Record<string, string> = {}) {
  const container = uniqueName('winload');
  const env = {
    FLEETSCORE_STORAGE_CONNECTION_STRING: storageConnectionString,
    FLEETSCORE_BLOB_CONTAINER: container,
    FLEETSCORE_SHARDS: '4',
    ...extra,
  };
  const blobs = await AzureBlobStore.connect({
    connectionString: storageConnectionString,
    container,
  });
  const names = async () => {
    const found: string[] = [];
    for await (const item of blobs.list('windows/')) found.push(item.name);
    return found;
  };
  return {
    env,
    blobs,
    names,
    load: (...argv: string[]) => fleetscoreWithEnv(env, 'windows', 'load', ...argv),
  };
}

const everything = (blobs: BlobStore) =>
  readWindows(blobs, {
    from: new Date('2018-08-28T00:00:00Z'),
    to: new Date('2018-08-30T00:00:00Z'),
    shards: [0, 1, 2, 3],
  });

describe('fleetscore windows load', () => {
  it('loads the reference windows so that readWindows returns exactly the CSV', async () => {
    const d = await deployment();
    const { code, stdout } = await d.load('--csv', referenceCsv);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^loaded 17768 windows of 15 sensors in 5 hours into \d+ blobs/);

    const expected: string[] = [];
    for await (const r of readCsv(referenceCsv)) {
      const end = new Date(`${r.TS!.replace(' ', 'T')}Z`).toISOString();
      expected.push(`${end} ${r.Device} ${r.Tag} ${Number(r.Value)}`);
    }
    const read = await everything(d.blobs);
    expect(read.every((w) => w.seconds === 5 && w.count === 1)).toBe(true);
    expect(read.map((w) => `${w.end} ${w.device} ${w.sensor} ${w.values.avg}`).sort()).toEqual(
      expected.sort(),
    );

    const names = await d.names();
    expect(names.length).toBe(Number(/into (\d+) blobs/.exec(stdout)![1]));
    expect(
      names.every((n) =>
        /^windows\/2018\/08\/(28\/23|29\/0[0-3])\/shard=[0-3]\/load-sensor_data\.ndjson$/.test(n),
      ),
    ).toBe(true);

    // A re-load rewrites the same blobs: no second copy of any window.
    expect((await d.load('--csv', referenceCsv, '--json')).code).toBe(0);
    expect(await d.names()).toEqual(names);
    expect((await everything(d.blobs)).length).toBe(17_768);
  });

  it('writes the configured format and a Count column, under the aggregate asked for', async () => {
    const d = await deployment({
      FLEETSCORE_WINDOW_FORMAT: 'csv',
      FLEETSCORE_WINDOW_SECONDS: '60',
    });
    const file = join(dir, 'counted.csv');
    await writeFile(
      file,
      'TS,Device,Tag,Value,Count\n2026-11-25T10:01:00Z,pump-7,rpm,1200.5,12\n2026-11-25 10:02:00,pump-7,rpm,1180,9\n',
    );
    const { code, stdout } = await d.load('--csv', file, '--aggregate', 'max', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ windows: 2, sensors: 1, hours: 1, blobs: 1 });
    expect(await d.names()).toEqual([
      expect.stringMatching(/^windows\/2026\/11\/25\/10\/shard=\d\/load-counted\.csv$/),
    ]);
    expect(await everything(d.blobs)).toEqual([]); // outside the 2018 range read above
    const read = await readWindows(d.blobs, {
      from: new Date('2026-11-25T10:00:00Z'),
      to: new Date('2026-11-25T11:00:00Z'),
      shards: [0, 1, 2, 3],
    });
    expect(read.map((w) => [w.end, w.seconds, w.count, w.values.max])).toEqual([
      ['2026-11-25T10:01:00.000Z', 60, 12, 1200.5],
      ['2026-11-25T10:02:00.000Z', 60, 9, 1180],
    ]);
  });

  it('reports every bad row with its line and writes nothing, unless --skip-bad', async () => {
    const d = await deployment();
    const file = join(dir, 'bad.csv');
    await writeFile(
      file,
      [
        'TS,Device,Tag,Value',
        '2018-08-28 23:00:05.000,1,1,10.5',
        '2018-08-28 23:00:05.000,1,2,x',
        'soon,1,3,60',
        '2018-08-28 23:00:05.000,1,1,11',
        '2018-08-28 23:00:10.000,1,1,12',
      ].join('\n'),
    );
    const refused = await d.load('--csv', file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^line 3: Value "x" is not a finite number$/m);
    expect(refused.stderr).toMatch(/^line 4: TS "soon" is not/m);
    expect(refused.stderr).toMatch(
      /^line 5: a second window of Device 1 Tag 1 ending 2018-08-28T23:00:05.000Z \(first on line 2\)$/m,
    );
    expect(refused.stderr).toMatch(/3 of 5 rows are bad; nothing was written/);
    expect(await d.names()).toEqual([]);

    const skipped = await d.load('--csv', file, '--skip-bad');
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toMatch(/^loaded 2 windows of 1 sensors .*; 3 bad rows skipped$/m);
    expect((await everything(d.blobs)).map((w) => w.values.avg)).toEqual([10.5, 12]);
  });

  it('exits 2 on a file without the window columns or a bad option', async () => {
    const d = await deployment();
    const file = join(dir, 'raw.csv');
    await writeFile(file, 'ts,device,value\n2018-08-28T23:00:00Z,1,2\n');
    expect((await d.load('--csv', file)).stderr).toMatch(
      /lacks column\(s\): TS, Device, Tag, Value/,
    );
    expect((await d.load('--csv', referenceCsv, '--aggregate', 'median')).code).toBe(2);
    expect((await d.load('--csv', referenceCsv, '--seconds', '0')).code).toBe(2);
    expect((await d.load('--csv', join(dir, 'missing.csv'))).stderr).toMatch(/no such file/);
  });
});
