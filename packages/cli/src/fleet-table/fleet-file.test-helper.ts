/**
 * Random TS,Device,Tag,Value files for the property tests of the byte reader: mostly plain
 * (what the reader takes), with the cases csv-parse's options make special — blanks csv-parse
 * trims (and the vertical tab it trims only on the right), blank lines, CRLF, a BOM, any header
 * order — and now and then what only csv-parse reads or refuses: quotes, non-ASCII text, a
 * stray CR, a wrong cell count, an id or a number that is not one.
 */
import fc from 'fast-check';

const blank = fc.constantFrom('', '', '', ' ', '\t', '  ', '\f', '\v');
/** Blanks csv-parse trims on the left too: the vertical tab is not one. */
const leftBlank = fc.constantFrom('', '', '', ' ', '\t', '  ', '\f');
const id = fc.constantFrom('1', '2', '17', 'dev0', 'a.b', 'x_y-z');
const badId = fc.constantFrom('..', 'a b', 'a/b', '');
const ts = fc.oneof(
  fc.constantFrom('2018-08-28 23:00:05.000', '2026-01-01T00:00:00.000Z', 'x', ''),
  fc.string({
    unit: fc.constantFrom(' ', '\t', '\v', 'a', '1', ':', '-', '.', 'Z', '+'),
    maxLength: 8,
  }),
);
const value = fc.oneof(
  fc.constantFrom('1e-7', '-0', '3.5', '10.16', '18.759152492973953', '.5', '5.', '+1', '0x1A'),
  fc.constantFrom('\v3', '3\v', '1E5', '-2.5e-3', '00012', '1e22', '1e23', '123456789012345678'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -1000, max: 1000 }).map(String),
);
/** TS text with no blank at either end. */
const tidyTs = fc.constantFrom('2018-08-28 23:00:05.000', '2026-01-01T00:00:00.000Z', 'x', '1');
const badValue = fc.constantFrom('abc', '', 'Infinity', '1e400', '1,5', '.');
/** A cell as written: its text with blanks around it. */
const padded = (text: fc.Arbitrary<string>, left = blank, right = blank) =>
  fc.tuple(left, text, right).map(([l, t, r]) => `${l}${t}${r}`);

/** Text that makes a plain file one for csv-parse only (rarely chosen). */
const poison = fc.constantFrom('"q"', '"a,b"', 'é', '\u00a0', '\r', ',extra');

export interface FleetFileOptions {
  /** Only plain files: no poison, no bad id or number, consistent line ends. */
  plainOnly?: boolean;
  /**
   * Plain files as programs write them: the header in the reference's order and no blanks
   * around cells (the rows the reader copies whole), blank lines still now and then.
   */
  tidy?: boolean;
}

/** Two files in three plain, the third with something odd here and there. */
export function fleetFile(options: FleetFileOptions = {}): fc.Arbitrary<string> {
  if (options.tidy) return anyFleetFile(true, true);
  if (options.plainOnly) return anyFleetFile(true);
  return fc.oneof(
    { arbitrary: anyFleetFile(true), weight: 2 },
    { arbitrary: anyFleetFile(false), weight: 1 },
  );
}

function anyFleetFile(plainOnly: boolean, tidy = false): fc.Arbitrary<string> {
  const options = { plainOnly };
  const none = fc.constant('');
  const rare = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) =>
    options.plainOnly
      ? usual
      : fc.oneof({ arbitrary: usual, weight: 10 }, { arbitrary: odd, weight: 1 });
  // A vertical tab left of an id or a column name stays in it (no longer an id or that name).
  const idLeft = tidy ? none : options.plainOnly ? leftBlank : blank;
  const right = tidy ? none : blank;
  const row = fc.record({
    ts: padded(
      rare(
        tidy ? tidyTs : ts,
        fc.tuple(ts, poison).map(([t, p]) => `${t}${p}`),
      ),
      tidy ? none : blank,
      right,
    ),
    device: padded(rare(id, badId), idLeft, right),
    tag: padded(rare(id, badId), idLeft, right),
    value: padded(
      rare(tidy ? value.filter((v) => v.trim() === v) : value, badValue),
      idLeft,
      right,
    ),
  });
  const line = fc.oneof(
    { arbitrary: row.map((r) => ({ kind: 'row' as const, ...r })), weight: 10 },
    {
      arbitrary: fc
        .constantFrom('', ' ', '\t \f')
        .map((text) => ({ kind: 'blank' as const, text })),
      weight: 1,
    },
  );
  return fc
    .record({
      bom: fc.boolean(),
      crlf: fc.boolean(),
      order: tidy
        ? fc.constant<(0 | 1 | 2 | 3)[]>([0, 1, 2, 3])
        : fc.shuffledSubarray([0, 1, 2, 3] as const, { minLength: 4, maxLength: 4 }),
      headerBlanks: fc.array(fc.tuple(idLeft, right), { minLength: 4, maxLength: 4 }),
      lines: fc.array(line, { maxLength: 40 }),
      lastEnd: fc.boolean(),
      oddEnd: rare(fc.constant(-1), fc.nat(40)),
    })
    .map(({ bom, crlf, order, headerBlanks, lines, lastEnd, oddEnd }) => {
      const names = ['TS', 'Device', 'Tag', 'Value'];
      const header = order.map((c, i) => {
        const [left, right] = headerBlanks[i]!;
        return `${left}${names[c]}${right}`;
      });
      const texts = [
        header.join(','),
        ...lines.map((l) => {
          if (l.kind === 'blank') return l.text;
          const cells = [l.ts, l.device, l.tag, l.value];
          return order.map((c) => cells[c]).join(',');
        }),
      ];
      const eol = crlf ? '\r\n' : '\n';
      const body = texts
        .map((t, i) =>
          i === oddEnd
            ? `${t}${crlf ? '\n' : '\r\n'}`
            : i < texts.length - 1 || lastEnd
              ? `${t}${eol}`
              : t,
        )
        .join('');
      return `${bom ? '\uFEFF' : ''}${body}`;
    });
}
