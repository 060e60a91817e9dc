import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  agreementLine,
  agrees,
  compareFile,
  compareOutputs,
  csvFields,
  emptyAgreement,
} from './agreement.js';

const HEAD = 'TS,Device,Tag,Val,Prediction';
const file = (...rows: string[]) => `${[HEAD, ...rows].join('\n')}\n`;
const ROWS = ['2026-12-07T20:00:00.000Z,dev0,s0,10.5,0', '2026-12-07T20:00:05.000Z,dev0,s0,60,1'];

const compare = (expected: string, actual: string) => {
  const into = emptyAgreement();
  compareFile(into, 'preds_dev0_s0.csv', expected, actual);
  return into;
};

describe('bench:floor agreement', () => {
  it('splits CSV lines, quoted fields and doubled quotes included', () => {
    expect(csvFields('a,b,,c')).toEqual({ fields: ['a', 'b', '', 'c'], quoted: false });
    expect(csvFields('"a,1","say ""hi""",x')).toEqual({
      fields: ['a,1', 'say "hi"', 'x'],
      quoted: true,
    });
    expect(() => csvFields('"open,x')).toThrow(/unterminated/);
  });

  it('finds byte-identical files identical', () => {
    const a = compare(file(...ROWS), file(...ROWS));
    expect(a).toMatchObject({ files: 1, rows: 2, identicalFiles: 1, textDifferences: {} });
    expect(agrees(a)).toBe(true);
    expect(agreementLine(a)).toBe(
      '1 files, 2 rows: predictions identical on every row; files byte-identical',
    );
  });

  it('tells text differences from disagreements: line ends, quoting, number formatting', () => {
    const crlf = file(...ROWS).replaceAll('\n', '\r\n');
    const quoted = file('"2026-12-07T20:00:00.000Z",dev0,s0,10.5,0', ROWS[1]!);
    const formatted = file(ROWS[0]!, '2026-12-07T20:00:05.000Z,dev0,s0,60.0,1');
    for (const [actual, kind] of [
      [crlf, 'line ends'],
      [quoted, 'quoting'],
      [formatted, 'Val formatting'],
      [file(...ROWS).trimEnd(), 'trailing line end'],
    ] as const) {
      const a = compare(file(...ROWS), actual);
      expect(agrees(a), kind).toBe(true);
      expect(a.identicalFiles).toBe(0);
      expect(a.textDifferences).toEqual({ [kind]: 1 });
    }
    expect(agreementLine(compare(file(...ROWS), formatted))).toBe(
      '1 files, 2 rows: predictions identical on every row; 1 of 1 files differ in text: Val formatting (1 files)',
    );
  });

  it('counts every disagreement and names the rows', () => {
    const flipped = compare(file(...ROWS), file(ROWS[0]!, ROWS[1]!.replace(/1$/, '0')));
    expect(agrees(flipped)).toBe(false);
    expect(flipped.disagreements).toEqual({ Prediction: 1 });
    expect(flipped.examples).toEqual(['preds_dev0_s0.csv row 2: Val 60: 1 / 0']);
    expect(agreementLine(flipped)).toMatch(/^1 files, 2 rows: DISAGREE: Prediction 1 \(/);

    const shortened = compare(file(...ROWS), file(ROWS[0]!));
    expect(shortened.disagreements).toEqual({ 'row count': 1 });
    const otherValue = compare(file(...ROWS), file(ROWS[0]!.replace('10.5', '10.25'), ROWS[1]!));
    expect(otherValue.disagreements).toEqual({ Val: 1 });
    const otherTime = compare(
      file(...ROWS),
      file(ROWS[0]!.replace('20:00:00', '20:00:01'), ROWS[1]!),
    );
    expect(otherTime.disagreements).toEqual({ TS: 1 });
    const header = compare(file(...ROWS), file(...ROWS).replace('Val', 'Value'));
    expect(header.disagreements).toEqual({ header: 1 });
  });

  it('compares folders, a file written by one side only being a disagreement', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'floor-agreement-'));
    try {
      const [py, cli] = [join(dir, 'py'), join(dir, 'cli')];
      await Promise.all([mkdir(py), mkdir(cli)]);
      await writeFile(join(py, 'preds_dev0_s0.csv'), file(...ROWS));
      await writeFile(join(cli, 'preds_dev0_s0.csv'), file(...ROWS));
      expect(agrees(await compareOutputs(py, cli))).toBe(true);
      await writeFile(join(cli, 'preds_dev0_s1.csv'), file(...ROWS));
      const a = await compareOutputs(py, cli);
      expect(a.disagreements).toEqual({ 'missing file': 1 });
      expect(a.examples).toEqual(['preds_dev0_s1.csv: written by one side only']);
      expect(agrees(a)).toBe(false);
      // Nothing compared is no agreement either.
      await Promise.all([rm(join(py, 'preds_dev0_s0.csv')), rm(join(cli, 'preds_dev0_s0.csv'))]);
      await rm(join(cli, 'preds_dev0_s1.csv'));
      expect(agrees(await compareOutputs(py, cli))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
