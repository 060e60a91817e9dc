import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '@fleetscore/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { fleetscore, referenceDir } from '../cli.test-helper.js';
import { parseDuration } from '../duration.js';

const referenceCsv = join(referenceDir, 'sensor_data.csv');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetscore-aggregate-'));
});

/** Two values whose float64 average is exactly v, apart when arithmetic allows. */
function pair(v: number): [number, number] {
  for (const d of [0.25, 0.125, 1]) if ((v - d + (v + d)) / 2 === v) return [v - d, v + d];
  return [v, v];
}

async function run(name: string, content: string, ...flags: string[]) {
  const input = join(dir, name);
  const out = join(dir, `${name}.windows.csv`);
  await writeFile(input, content);
  const result = await fleetscore('aggregate', '--input', input, '--out', out, ...flags);
  const lines = result.code === 0 ? (await readFile(out, 'utf8')).trim().split('\n') : [];
  return { ...result, lines };
}

describe('fleetscore aggregate', () => {
  it('reproduces the reference 5-second averages from raw readings', async () => {
    if (!existsSync(referenceCsv)) throw new Error(`reference data missing: ${referenceCsv}`);
    const reference = (await readFile(referenceCsv, 'utf8')).trim().split('\n');
    const random = mulberry32(42);
    const raw: { t: number; arrival: number; device: string; tag: string; value: number }[] = [];
    for (const row of reference.slice(1)) {
      const [ts = '', device = '', tag = '', value = ''] = row.split(',');
      const end = Date.parse(`${ts.replace(' ', 'T')}Z`);
      for (const v of pair(Number(value))) {
        // Inside (end − 5 s, end]; one in eight exactly on the end instant.
        const t = random() < 0.125 ? end : end - Math.floor(random() * 5000);
        // Arrival order jittered by < 3 s, inside the 5 s lateness: nothing may be late.
        raw.push({ t, arrival: t + random() * 3000, device, tag, value: v });
      }
    }
    raw.sort((a, b) => a.arrival - b.arrival);
    const csv = raw.map(({ t, device, tag, value }, i) => {
      const iso = new Date(t).toISOString();
      // Both accepted time formats: ISO 8601 and the reference's `YYYY-MM-DD HH:MM:SS.fff`.
      return `${i % 2 === 0 ? iso : iso.slice(0, 23).replace('T', ' ')},${device},${tag},${value}`;
    });
    const result = await run('raw.csv', `TS,Device,Tag,Value\n${csv.join('\n')}\n`);
    expect(result.stderr).toContain(
      `${raw.length} readings → ${reference.length - 1} windows; late: 0 dropped, 0 adjusted`,
    );
    expect(result.code).toBe(0);
    expect(result.lines).toHaveLength(reference.length);
    expect(result.lines[0]).toBe('TS,Device,Tag,Value');
    for (const [i, line] of result.lines.entries()) {
      if (i === 0) continue;
      const got = line.split(',');
      const want = reference[i]?.split(',') ?? [];
      expect(got.slice(0, 3)).toEqual(want.slice(0, 3));
      expect(Number(got[3])).toBe(Number(want[3]));
    }
  });

  it('reads NDJSON in both shapes and applies the late policy', async () => {
    const lines = [
      '{"device":"7","sensor":"a","ts":"2018-08-28T23:00:12.000Z","value":1}',
      '{"TS":"2018-08-28 23:00:04.000","Device":7,"Tag":"a","Value":5}',
      '',
      '{"device":"7","sensor":"a","ts":"2018-08-28T23:00:11.000Z","value":3}',
    ].join('\n');
    const dropped = await run('raw.ndjson', lines);
    expect(dropped.stderr).toContain('3 readings → 1 windows; late: 1 dropped, 0 adjusted');
    expect(dropped.lines).toEqual(['TS,Device,Tag,Value', '2018-08-28 23:00:15.000,7,a,2']);
    const adjusted = await run('raw.jsonl', lines, '--late-policy', 'adjust');
    expect(adjusted.stderr).toContain('late: 0 dropped, 1 adjusted');
    expect(adjusted.lines).toEqual([
      'TS,Device,Tag,Value',
      '2018-08-28 23:00:10.000,7,a,5',
      '2018-08-28 23:00:15.000,7,a,2',
    ]);
    const replay = await run('replay.ndjson', lines, '--replay', '--aggregate', 'count');
    expect(replay.lines.slice(1)).toEqual([
      '2018-08-28 23:00:05.000,7,a,1',
      '2018-08-28 23:00:15.000,7,a,2',
    ]);
  });

  it('exits 2 naming the line of a bad row or a bad option', async () => {
    const header = 'TS,Device,Tag,Value\n2018-08-28 23:00:01.000,1,1,2\n';
    const cases: [string, string, string[], string][] = [
      ['value.csv', `${header}2018-08-28 23:00:02.000,1,1,abc\n`, [], 'line 3: bad Value'],
      ['ts.csv', `${header}yesterday,1,1,2\n`, [], 'line 3: not a timestamp'],
      ['id.csv', `${header}2018-08-28 23:00:02.000,a b,1,2\n`, [], 'line 3: bad Device'],
      ['json.ndjson', '{"device":\n', [], 'line 1: not JSON'],
      ['cols.csv', 'TS,Device,Value\n2018-08-28 23:00:01.000,1,2\n', [], 'lacks column(s): Tag'],
      ['w.csv', header, ['--window', '500ms'], 'whole number of seconds'],
      ['l.csv', header, ['--lateness', '5 parsecs'], 'not a duration'],
      ['p.csv', header, ['--late-policy', 'keep'], '--late-policy must be'],
      ['a.csv', header, ['--aggregate', 'median'], '--aggregate must be'],
    ];
    for (const [name, content, flags, message] of cases) {
      const result = await run(name, content, ...flags);
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toContain(message);
    }
  });
});

describe('parseDuration', () => {
  it('reads ms, s and m', () => {
    expect([parseDuration('500ms'), parseDuration('5s'), parseDuration('1m')]).toEqual([
      500, 5000, 60_000,
    ]);
  });
});
