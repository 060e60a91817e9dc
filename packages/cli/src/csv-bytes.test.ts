import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvBytes } from './csv-bytes.js';

const COLUMNS = ['TS', 'Device', 'Tag', 'Val', 'Prediction'];

/** Cells full of what CSV must quote, blanks, and text beyond ASCII (lone surrogates too). */
const cell = fc.oneof(
  fc.string({
    unit: fc.constantFrom(',', '"', '\r', '\n', ' ', 'a', '1', '.', '\t', 'é', '€', '😀'),
  }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constant(''),
);
const rows = fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 20 });

/** What `writeCsv` sends to its file: csv-stringify's text, encoded as a stream encodes it. */
const csvStringify = (records: string[][]) =>
  Buffer.from(stringify(records, { header: true, columns: COLUMNS }), 'utf8');

describe('CsvBytes', () => {
  it('writes string rows byte for byte as csv-stringify does', () => {
    fc.assert(
      fc.property(rows, (records) => {
        const out = new CsvBytes(8);
        out.line(COLUMNS);
        for (const record of records) out.line(record);
        expect(out.bytes().equals(csvStringify(records))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes cells given as UTF-8 bytes exactly as it quotes them given as strings', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 8 }), (cells) => {
        const fromText = new CsvBytes(1);
        const fromBytes = new CsvBytes(1);
        for (const c of cells) {
          fromText.text(c);
          const bytes = Buffer.from(`xx${c}yy`, 'utf8');
          fromBytes.cell(bytes, 2, bytes.length - 2);
        }
        expect(fromBytes.bytes().equals(fromText.bytes())).toBe(true);
      }),
    );
  });

  it('quotes what needs it and nothing else', () => {
    const out = new CsvBytes();
    out.line(['a,b', 'say "hi"', 'two\nlines', 'cr\r', ' plain ', '', 'é']);
    expect(out.bytes().toString('utf8')).toBe(
      '"a,b","say ""hi""","two\nlines","cr\r", plain ,,é\n',
    );
  });
});
