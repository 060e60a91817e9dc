import { ID_PATTERN, parseEntityKey } from '@fleetscore/shared';
import fc from 'fast-check';

/**
 * Hostile values for property-based fuzzing of the HTTP edges (ingest, the scheduler API).
 * Every generator here yields something no schema of ours accepts in an id, time or number
 * position, so a request carrying one in a declared field must be refused (4xx): the fuzz
 * tests rely on that to expect "no write" without guessing which requests were valid.
 */

/** Path traversal and name-breaking ids: each must be refused wherever an id is expected. */
export const TRAVERSAL_IDS = [
  '..',
  '.',
  '...',
  '../',
  '../../etc/passwd',
  '..\\..\\windows',
  'a/../b',
  'a/b',
  '/abs',
  '\\',
  'a\\b',
  '%2e%2e',
  '%2e%2e%2f',
  '%2E%2E/',
  '..%2f',
  '%252e%252e',
  'a\u0000b',
  '\u0000',
  'a\nb',
  'a\rb',
  'a\tb',
  '\u001b[31m',
  '\u007f',
  '',
  ' ',
  'a'.repeat(65),
  'a'.repeat(1000),
] as const;

/** Look-alikes and invisible characters: RTL override, zero-width, fullwidth dots, homoglyphs. */
export const UNICODE_IDS = [
  'dev\u202eice',
  '\u200bdev',
  'dev\u200d1',
  '\ufeffdev',
  '\uff0e\uff0e',
  '\u2024\u2024',
  '\u2215etc',
  '\u0430dmin',
  'd\u0435v1',
  'dev\u00a01',
  '\u0661\u0662',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\ud83d\ude00',
  'é',
] as const;

export const HOSTILE_IDS = [...TRAVERSAL_IDS, ...UNICODE_IDS] as const;

/** Neither an id nor an entity key (`a/b` is a hostile id but a valid `device/sensor`). */
const neverValid = (id: string) => !ID_PATTERN.test(id) && parseEntityKey(id) === undefined;

/** A hostile id: from the lists, or random text built around one (never an id or entity key). */
export const hostileId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_IDS.filter(neverValid)),
  fc
    .tuple(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(...HOSTILE_IDS),
      fc.string({ maxLength: 8 }),
    )
    .map(([a, id, b]) => `${a}${id}${b}`)
    .filter(neverValid),
);

/** Numbers no id, time or integer field accepts: out of range, not safe integers, fractions. */
export const hostileNumber = fc.constantFrom(
  1e308,
  -1e308,
  2 ** 53 + 2,
  2 ** 64,
  -(2 ** 63),
  Number.MIN_VALUE,
  -0.5,
);

/** Text that looks numeric but is no integer: for integer fields only (some are valid ids). */
export const NUMERIC_STRINGS = ['NaN', 'Infinity', '-Infinity', '1e999', '-1', '1.5', '1_000', ''];

/** `[[[…]]]` / `{"a":{"a":…}}` as JSON text: built as text, since stringifying would recurse. */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A scalar or shallow value of the wrong type for any id, time, enum or integer field. */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  hostileId,
  hostileNumber,
  fc.constantFrom(true, false, null, [], [null], ['..'], '[object Object]'),
  fc.array(hostileId, { minLength: 1, maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => `${s}\u0000`),
);

/** Prototype-pollution keys, each with a payload that would be visible on `Object.prototype`. */
export const POLLUTION_FRAGMENTS = [
  '"__proto__":{"polluted":"yes"}',
  '"constructor":{"prototype":{"polluted":"yes"}}',
  '"prototype":{"polluted":"yes"}',
  '"__proto__":{"__proto__":{"polluted":"yes"}}',
] as const;

/** True when a fuzzed request polluted the global prototype. */
export function prototypePolluted(): boolean {
  const probe: Record<string, unknown> = {};
  return 'polluted' in probe || Object.getOwnPropertyNames(Object.prototype).includes('polluted');
}

/**
 * A JSON object as text with the given fields, where one declared field holds a hostile value,
 * plus maybe extra fields and a pollution key (written as text: an object literal would set
 * the prototype instead of a key).
 */
export function hostileObjectText(
  declared: readonly string[],
  valid: Record<string, unknown>,
): fc.Arbitrary<string> {
  return fc
    .record({
      field: fc.constantFrom(...(declared.length ? declared : ['x'])),
      value: hostileScalar,
      extra: fc.option(fc.dictionary(fc.string({ maxLength: 6 }), hostileScalar, { maxKeys: 3 })),
      pollution: fc.option(fc.constantFrom(...POLLUTION_FRAGMENTS)),
    })
    .map(({ field, value, extra, pollution }) => {
      const fields = { ...valid, ...(extra ?? {}), [field]: value };
      const text = JSON.stringify(fields);
      return pollution ? `{${pollution},${text.slice(1)}` : text;
    });
}

/** Bodies of no use to any route: not JSON, not an object, empty, deep, or far too large. */
export const junkBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('', ' ', '{', '[', '"', 'null', '0', '""', '{"a":}') },
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 2, arbitrary: fc.constantFrom(...POLLUTION_FRAGMENTS).map((f) => `{${f}}`) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        depth: fc.integer({ min: 100, max: 20_000 }),
        kind: fc.constantFrom('array' as const, 'object' as const),
      })
      .map(({ depth, kind }) => deepJson(depth, kind)),
  },
  { weight: 2, arbitrary: fc.constantFrom('[1,2]', '[{}]', '[[]]', '[null]') },
);

/**
 * Large bodies, up to 10 MB: sent once each per route rather than generated (they cost time,
 * not coverage). Each is well-formed JSON with one long string, so a limit must refuse it by
 * size rather than by syntax.
 */
export const HUGE_BODY_BYTES = [64 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024, 10 * 1024 * 1024];
export const hugeBody = (bytes: number) => `[{"device":"${'x'.repeat(bytes)}"}]`;

/** Content types a JSON route must refuse or parse safely. */
export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  'application/x-ndjson',
  'APPLICATION/JSON',
  '',
] as const;
