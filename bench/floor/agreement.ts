/**
 * Whether the two sides of the floor wrote the same predictions: every `preds_{device}_{tag}.csv`
 * of one folder against the other's, row by row. Agreement is judged on what the files say
 * (the same rows in the same order, TS, Device and Tag equal, Val the same number, Prediction
 * equal); how the texts differ where they do (line ends, quoting, number formatting) is
 * recorded beside it, since any score-csv must be comparable, not only today's.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Ways two files can differ in text while saying the same thing. */
export type TextDifference = 'line ends' | 'quoting' | 'Val formatting' | 'trailing line end';

/** Ways two files can disagree. */
export type Disagreement =
  | 'header'
  | 'row count'
  | 'TS'
  | 'Device or Tag'
  | 'Val'
  | 'Prediction'
  | 'missing file';

export interface Agreement {
  files: number;
  rows: number;
  /** Files equal byte for byte. */
  identicalFiles: number;
  /** Per kind, the files that differ that way in text only. */
  textDifferences: Partial<Record<TextDifference, number>>;
  /** Per kind, the rows (or files, for header, row count and missing) that disagree. */
  disagreements: Partial<Record<Disagreement, number>>;
  /** A few disagreeing rows, for the report. */
  examples: string[];
}

export const emptyAgreement = (): Agreement => ({
  files: 0,
  rows: 0,
  identicalFiles: 0,
  textDifferences: {},
  disagreements: {},
  examples: [],
});

const bump = <K extends string>(counts: Partial<Record<K, number>>, key: K, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** The fields of one CSV line (RFC 4180 quoting), and whether any field was quoted. */
export function csvFields(line: string): { fields: string[]; quoted: boolean } {
  const fields: string[] = [];
  let quoted = false;
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      quoted = true;
      i += 1;
      for (;;) {
        const end = line.indexOf('"', i);
        if (end < 0) throw new Error(`unterminated quote in ${JSON.stringify(line)}`);
        field += line.slice(i, end);
        i = end + 1;
        if (line[i] !== '"') break;
        field += '"';
        i += 1;
      }
    } else {
      const end = line.indexOf(',', i);
      field = line.slice(i, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end;
    }
    fields.push(field);
    if (line[i] !== ',') return { fields, quoted };
    i += 1;
  }
}

const linesOf = (text: string) => {
  const lines = text.split('\n');
  const trailing = lines.at(-1) === '';
  if (trailing) lines.pop();
  const crlf = lines.some((l) => l.endsWith('\r'));
  return { lines: crlf ? lines.map((l) => l.replace(/\r$/, '')) : lines, trailing, crlf };
};

/**
 * Adds the comparison of one file pair to `into`: `expected` is the Python loop's file,
 * `actual` score-csv's, `name` the file's name for the examples.
 */
export function compareFile(into: Agreement, name: string, expected: string, actual: string) {
  into.files += 1;
  if (expected === actual) into.identicalFiles += 1;
  const a = linesOf(expected);
  const b = linesOf(actual);
  const text = new Set<TextDifference>();
  if (a.crlf !== b.crlf) text.add('line ends');
  if (a.trailing !== b.trailing) text.add('trailing line end');
  const disagree = (kind: Disagreement, row: number, why: string) => {
    bump(into.disagreements, kind);
    if (into.examples.length < 5) into.examples.push(`${name} row ${row}: ${why}`);
  };
  if (a.lines.length !== b.lines.length) {
    disagree('row count', 0, `${a.lines.length - 1} rows against ${b.lines.length - 1}`);
  }
  const n = Math.min(a.lines.length, b.lines.length);
  for (let r = 0; r < n; r += 1) {
    const x = csvFields(a.lines[r]!);
    const y = csvFields(b.lines[r]!);
    if (x.quoted !== y.quoted) text.add('quoting');
    const [ts, device, tag, val, prediction] = x.fields;
    const [ts2, device2, tag2, val2, prediction2] = y.fields;
    if (r === 0) {
      if (x.fields.join() !== y.fields.join()) disagree('header', 0, `${x.fields} / ${y.fields}`);
      continue;
    }
    into.rows += 1;
    if (ts !== ts2) disagree('TS', r, `${ts} / ${ts2}`);
    if (device !== device2 || tag !== tag2)
      disagree('Device or Tag', r, `${device}/${tag} / ${device2}/${tag2}`);
    if (val !== val2) {
      if (Number(val) === Number(val2) && val !== '' && val2 !== '') text.add('Val formatting');
      else disagree('Val', r, `${val} / ${val2}`);
    }
    if (prediction !== prediction2)
      disagree('Prediction', r, `Val ${val}: ${prediction} / ${prediction2}`);
  }
  for (const kind of text) bump(into.textDifferences, kind);
}

/** Compares every prediction file of the Python loop's folder with score-csv's. */
export async function compareOutputs(pythonOut: string, cliOut: string): Promise<Agreement> {
  const into = emptyAgreement();
  const [left, right] = await Promise.all([readdir(pythonOut), readdir(cliOut)]);
  const [leftNames, rightNames] = [new Set(left), new Set(right)];
  for (const name of [...new Set([...left, ...right])].sort()) {
    if (!leftNames.has(name) || !rightNames.has(name)) {
      bump(into.disagreements, 'missing file');
      if (into.examples.length < 5) into.examples.push(`${name}: written by one side only`);
      continue;
    }
    const [expected, actual] = await Promise.all([
      readFile(join(pythonOut, name), 'utf8'),
      readFile(join(cliOut, name), 'utf8'),
    ]);
    compareFile(into, name, expected, actual);
  }
  return into;
}

/** Whether the predictions agree everywhere (text differences allowed). */
export const agrees = (a: Agreement) => Object.keys(a.disagreements).length === 0 && a.files > 0;

/** One line: what was compared, whether it agrees, how the texts differ. */
export function agreementLine(a: Agreement): string {
  const verdict = agrees(a)
    ? 'predictions identical on every row'
    : `DISAGREE: ${Object.entries(a.disagreements)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')} (${a.examples.join('; ')})`;
  const text =
    a.identicalFiles === a.files
      ? 'files byte-identical'
      : `${a.files - a.identicalFiles} of ${a.files} files differ in text${
          Object.keys(a.textDifferences).length > 0
            ? `: ${Object.entries(a.textDifferences)
                .map(([k, n]) => `${k} (${n} files)`)
                .join(', ')}`
            : ''
        }`;
  return `${a.files} files, ${a.rows} rows: ${verdict}; ${text}`;
}
