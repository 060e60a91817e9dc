import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { UsageError } from './program.js';

/** A CSV record and the file line it ends on (1-based; the header is line 1). */
export interface CsvRow {
  record: Record<string, string>;
  line: number;
}

/**
 * Streams a CSV file with a header row as records keyed by column name, each with its line:
 * the parser's own count, so blank lines (skipped) and quoted line breaks do not shift the
 * numbers in error messages. A malformed record (a column too many or too few, bad quoting)
 * ends the read with a usage error naming the file and line; none is skipped.
 */
export async function* readCsvRows(path: string): AsyncGenerator<CsvRow> {
  const input = createReadStream(path);
  const parser = input.pipe(
    parse({ columns: true, skip_empty_lines: true, trim: true, bom: true, info: true }),
  );
  // `pipe` does not forward the file's errors: a missing file would leave the loop waiting
  // forever (and surface as an uncaught error). End the parse with it instead.
  input.on('error', (error) => parser.destroy(error));
  try {
    for await (const row of parser) {
      const { record, info } = row as { record: Record<string, string>; info: { lines: number } };
      yield { record, line: info.lines };
    }
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === 'ENOENT') throw new UsageError(`cannot read ${path}: no such file`);
    throw new UsageError(`${path}: ${message}`);
  }
}

/** The records of `readCsvRows` alone, for callers that report no line. */
export async function* readCsv(path: string): AsyncGenerator<Record<string, string>> {
  for await (const { record } of readCsvRows(path)) yield record;
}

/**
 * A CSV writer to a file path or to an open stream (standard output is left open).
 * `close()` resolves when everything is flushed.
 */
export function writeCsv(target: string | NodeJS.WritableStream, columns: readonly string[]) {
  const toFile = typeof target === 'string';
  const out = toFile ? createWriteStream(target) : target;
  const stringifier = stringify({ header: true, columns: [...columns] });
  stringifier.pipe(out, { end: toFile });
  return {
    async write(row: readonly (string | number)[]) {
      if (!stringifier.write(row)) await once(stringifier, 'drain');
    },
    async close() {
      const finished = once(toFile ? out : stringifier, toFile ? 'finish' : 'end');
      stringifier.end();
      await finished;
    },
  };
}

/** Parses a CSV cell as float64; names the row and column when it is not a number. */
export function toNumber(text: string | undefined, column: string, line: number): number {
  const value = text === undefined || text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw new UsageError(`row ${line}: column ${column} is not a finite number ("${text ?? ''}")`);
  }
  return value;
}
