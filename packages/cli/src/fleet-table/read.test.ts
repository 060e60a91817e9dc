import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFleetCsv } from '../fleet-csv.js';
import { fleetFile } from './fleet-file.test-helper.js';
import { CONTENT_END, newCells, scanLine } from './line-cells.js';
import { type FleetTable, FleetTableReader, readFleetTable } from './read.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleet-table-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** What readFleetCsv gives, or its error's message. */
async function viaCsvParse(text: string) {
  const path = join(dir, 'data.csv');
  await writeFile(path, text);
  try {
    return await readFleetCsv(path);
  } catch (error) {
    return (error as Error).message;
  }
}

/** The table's sensors in readFleetCsv's shape: TS and Value text from the cells' bytes. */
function asSensorRows(table: FleetTable) {
  const cells = newCells();
  const text = (row: number, column: number) => {
    scanLine(table.bytes, table.lineStart[row]!, table.bytes.length, table.crlf, cells);
    return table.bytes.toString('latin1', cells[2 * column]!, cells[2 * column + 1]!);
  };
  return new Map(
    table.sensors.map((s) => {
      const rows = {
        device: s.device,
        tag: s.tag,
        ts: [] as string[],
        raw: [] as string[],
        values: [] as number[],
      };
      for (let row = s.first; row !== -1; row = table.next[row]!) {
        rows.ts.push(text(row, table.columns.ts));
        rows.raw.push(text(row, table.columns.value));
        rows.values.push(table.values[row]!);
      }
      return [`${s.device}/${s.tag}`, rows];
    }),
  );
}

describe('readFleetTable', () => {
  it('reads what csv-parse reads, or leaves the file to it', async () => {
    let read = 0;
    await fc.assert(
      fc.asyncProperty(fleetFile(), async (text) => {
        const table = readFleetTable(Buffer.from(text, 'utf8'));
        if (table === undefined) return;
        read += 1;
        const expected = await viaCsvParse(text);
        // toEqual tells -0 from 0, as the outputs must.
        expect(asSensorRows(table)).toEqual(expected);
        expect([...asSensorRows(table).keys()]).toEqual([
          ...(expected as Map<string, unknown>).keys(),
        ]);
      }),
      { numRuns: 400 },
    );
    // Most files are plain: the comparison above ran on them, not only on refusals.
    expect(read).toBeGreaterThan(200);
  });

  it('reads a file fed in chunks as it reads it whole, whatever the bytes not yet read', () => {
    fc.assert(
      fc.property(
        fleetFile(),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(0x22, 0x0a, 0x0d, 0xff, 0x2c),
        (text, cuts, junk) => {
          const whole = Buffer.from(text, 'utf8');
          const bytes = Buffer.alloc(whole.length, junk);
          const reader = new FleetTableReader(bytes);
          const ends = [
            ...cuts.map((c) => c % (whole.length + 1)).sort((a, b) => a - b),
            whole.length,
          ];
          let plain = true;
          let filled = 0;
          for (const end of ends) {
            if (end < filled) continue;
            whole.copy(bytes, filled, filled, end);
            filled = end;
            plain = reader.feed(filled);
            if (!plain) break;
          }
          const expected = readFleetTable(whole);
          const table = plain ? reader.table() : undefined;
          expect(table === undefined).toBe(expected === undefined);
          if (table === undefined || expected === undefined) return;
          expect(asSensorRows(table)).toEqual(asSensorRows(expected));
          expect([table.verbatim, table.crlf, table.columns]).toEqual([
            expected.verbatim,
            expected.crlf,
            expected.columns,
          ]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('copies the rows of a tidy file whole, and finds their line ends without a search', () => {
    let dense = 0;
    fc.assert(
      fc.property(fleetFile({ tidy: true }), (text) => {
        const table = readFleetTable(Buffer.from(text, 'utf8'))!;
        expect(table.verbatim).toBe(true);
        if (table.dense) dense += 1;
      }),
      { numRuns: 200 },
    );
    expect(dense).toBeGreaterThan(20);
  });

  it('takes every plain file', () => {
    fc.assert(
      fc.property(fleetFile({ plainOnly: true }), (text) => {
        expect(readFleetTable(Buffer.from(text, 'utf8'))).toBeDefined();
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    ['a quoted cell', 'TS,Device,Tag,Value\n"x",1,1,1\n'],
    ['non-ASCII text', 'TS,Device,Tag,Value\né,1,1,1\n'],
    ['a CR in an LF file', 'TS,Device,Tag,Value\nx,1,1,1\r\nx,1,1,2\n'],
    ['a lone LF in a CRLF file', 'TS,Device,Tag,Value\r\nx,1,1,1\nx,1,1,2\r\n'],
    ['another column', 'TS,Device,Tag,Value,Note\nx,1,1,1,n\n'],
    ['a missing column', 'TS,Device,Value\nx,1,1\n'],
    ['a bad number', 'TS,Device,Tag,Value\nx,1,1,abc\n'],
    ['an id that is no id', 'TS,Device,Tag,Value\nx,..,1,1\n'],
    ['a lone vertical tab', 'TS,Device,Tag,Value\n\v\nx,1,1,1\n'],
    ['a UTF-16 BOM', '\uFFFETS,Device,Tag,Value\n'],
    ['no header', ''],
  ])('leaves %s to csv-parse', (_name, text) => {
    expect(readFleetTable(Buffer.from(text, 'utf8'))).toBeUndefined();
  });

  it('reads blanks as csv-parse trims them: vertical tab on the right only', () => {
    const table = readFleetTable(
      Buffer.from('\uFEFF Value ,TS,Device,Tag\r\n\v 3\v ,\tt\f,1,2\r\n\r\n  \r\n', 'utf8'),
    )!;
    const [rows] = asSensorRows(table).values();
    expect(rows).toEqual({ device: '1', tag: '2', ts: ['t'], raw: ['\v 3'], values: [3] });
    expect(table.verbatim).toBe(false);
    const cells = newCells();
    scanLine(table.bytes, table.lineStart[0]!, table.bytes.length, true, cells);
    expect(cells[CONTENT_END]).toBe(table.bytes.indexOf('\r\n\r\n'));
  });
});
