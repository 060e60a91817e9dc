import fc from 'fast-check';
import { hostileSlots, type Input, type Operation } from './api-operations.js';
import {
  CONTENT_TYPES,
  hostileId,
  hostileNumber,
  hostileScalar,
  junkBody,
  NUMERIC_STRINGS,
  POLLUTION_FRAGMENTS,
} from './hostile.js';

/** A generated request: a URL (path and query) and maybe a body with its content type. */
export interface FuzzRequest {
  url: string;
  payload?: string | Buffer;
  contentType?: string;
  /** Which inputs hold a hostile value (at least one, each certain to be refused). */
  slots: string[];
}

/** Valid values by input name, so that a request is refused for its hostile slots only. */
export interface Samples {
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * A path segment as a client would send it: percent-encoded UTF-8, or raw when it is printable
 * ASCII (so `a/b`, `\` and `%00` also reach the router unencoded). Lone surrogates are sent
 * as the bytes a careless encoder would produce (not valid UTF-8).
 *
 * A dot segment (`.`, `..`, `%2e`, also between `/` or `\`) is never generated here: inject,
 * like any WHATWG URL client, resolves it before sending, so the request would reach another
 * route with valid ids. `DOT_SEGMENTS` go over a raw socket instead (api-fuzz.ts).
 */
function segment(id: string, raw: boolean): string {
  if (raw && /^[\x21-\x7e]*$/.test(id) && !/[?#]/.test(id)) return id;
  return [...id]
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      if (code >= 0xd800 && code <= 0xdfff)
        return `%ED%${(0xa0 + ((code >> 6) & 0x1f)).toString(16)}%${(0x80 + (code & 0x3f)).toString(16)}`;
      return encodeURIComponent(ch);
    })
    .join('');
}

/**
 * A random string that reads as a positive integer (`+1`, ` 7`, `1e1`) is not hostile for an
 * integer field: the API reads query numbers as JavaScript does (`z.coerce.number`), so such a
 * value may be a valid one. The curated NUMERIC_STRINGS cover the hostile numeric cases.
 */
const readsAsInteger = (text: string) => {
  const n = Number(text);
  return text.trim() !== '' && Number.isSafeInteger(n) && n >= 1;
};

const hostileText = (input: Input): fc.Arbitrary<string> =>
  input.integer
    ? fc.oneof(
        hostileId.filter((text) => !readsAsInteger(text)),
        fc.constantFrom(...NUMERIC_STRINGS),
      )
    : hostileId;

const hostileJson = (input: Input): fc.Arbitrary<unknown> =>
  input.integer
    ? fc.oneof(hostileScalar, hostileNumber, fc.constantFrom(...NUMERIC_STRINGS))
    : hostileScalar;

/** Query extras: unknown names, pollution keys, repeated names. */
const queryExtras = fc.array(
  fc.constantFrom(
    '__proto__=x',
    '__proto__[polluted]=yes',
    'constructor[prototype][polluted]=yes',
    'extra=..%2F..',
    '%00=1',
    'limit=1&limit=2',
  ),
  { maxLength: 2 },
);

/** Upload bodies: random bytes, pickle and joblib openings, and hostile JSON documents. */
const junkFile: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
  fc
    .tuple(
      fc.constantFrom([0x80, 4], [0x80, 2], [0x78, 0x9c], [0x1f, 0x8b]),
      fc.uint8Array({ maxLength: 256 }),
    )
    .map(([head, rest]) => Buffer.from([...head, ...rest])),
  junkBody.map((text) => Buffer.from(text)),
  fc
    .record({
      format: fc.constant('fleetscore.ocsvm/v1'),
      gamma: hostileScalar,
      supportVectors: hostileScalar,
    })
    .map((doc) => Buffer.from(JSON.stringify(doc))),
);

/** Requests for `op` where at least one slot from `hostileSlots(op)` holds a hostile value. */
export function requestsFor(op: Operation, samples: Samples): fc.Arbitrary<FuzzRequest> {
  const slots = hostileSlots(op);
  if (slots.length === 0)
    throw new Error(`${op.method} ${op.path} has no input a fuzzer can make invalid`);
  const inputs = new Map<string, fc.Arbitrary<unknown>>();
  for (const p of op.params) inputs.set(`path:${p.name}`, fc.tuple(hostileText(p), fc.boolean()));
  for (const q of op.query) inputs.set(`query:${q.name}`, hostileText(q));
  if (op.body?.kind === 'json')
    for (const f of op.body.fields) inputs.set(`body:${f.name}`, hostileJson(f));
  return fc
    .record({
      chosen: fc.subarray(slots, { minLength: 1 }),
      values: fc.record(Object.fromEntries(inputs)),
      // Free query fields (a continuation token, a note) get hostile text too, sometimes.
      free: fc.subarray(op.query.filter((q) => !q.constrained).map((q) => q.name)),
      extras: queryExtras,
      junk: junkBody,
      file: junkFile,
      contentType: fc.constantFrom(...CONTENT_TYPES),
      pollution: fc.option(fc.constantFrom(...POLLUTION_FRAGMENTS), { freq: 4 }),
    })
    .filter(({ chosen, values }) =>
      chosen.every(
        (slot) => !slot.startsWith('path:') || !hasDotSegment((values[slot] as [string])[0]),
      ),
    )
    .map(({ chosen, values, free, extras, junk, file, contentType, pollution }) => {
      const hostile = new Set(chosen);
      const value = (slot: string) => values[slot];
      const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (!hostile.has(`path:${name}`)) return encodeURIComponent(samples.params[name] ?? 'x');
        const [id, raw] = value(`path:${name}`) as [string, boolean];
        return segment(id, raw);
      });
      const query = new URLSearchParams();
      for (const q of op.query) {
        if (hostile.has(`query:${q.name}`) || free.includes(q.name))
          query.append(q.name, String(value(`query:${q.name}`)));
        else {
          const sample = samples.query[q.name];
          if (q.required && sample !== undefined) query.append(q.name, sample);
        }
      }
      const search = [query.toString(), ...extras].filter(Boolean).join('&');
      const url = search ? `${path}?${search}` : path;
      if (op.body === undefined) return { url, slots: chosen };
      if (op.body.kind === 'binary') {
        const type = hostile.has('body:*') ? contentType : 'application/octet-stream';
        return { url, payload: file, contentType: type, slots: chosen };
      }
      if (hostile.has('body:*')) return { url, payload: junk, contentType, slots: chosen };
      const fields: Record<string, unknown> = { ...samples.body };
      for (const f of op.body.fields)
        if (hostile.has(`body:${f.name}`)) fields[f.name] = value(`body:${f.name}`);
      const text = JSON.stringify(fields);
      const payload = pollution ? `{${pollution}${text === '{}' ? '' : ','}${text.slice(1)}` : text;
      return { url, payload, contentType: 'application/json', slots: chosen };
    });
}

/**
 * Requests whose every input is valid except a `continuation` token of hostile text: it is a
 * free string to the schema, so it reaches the backend, which must refuse it (4xx) or ignore
 * it — never fail with a 5xx.
 */
export function continuationRequests(op: Operation, samples: Samples): fc.Arbitrary<string> {
  const token = fc.oneof(
    hostileId,
    fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
    fc.base64String({ minLength: 4, maxLength: 200 }),
    fc
      .string({ minLength: 1, maxLength: 60 })
      .map((text) => Buffer.from(text).toString('base64url')),
  );
  return token.map((continuation) => {
    const query = new URLSearchParams();
    for (const q of op.query) {
      const sample = samples.query[q.name];
      if (q.required && sample !== undefined) query.append(q.name, sample);
    }
    query.append('continuation', continuation);
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(samples.params[name] ?? 'x'),
    );
    return `${path}?${query.toString()}`;
  });
}

const hasDotSegment = (id: string) => id.split(/[\\/]/).some((part) => /^(\.|%2e)+$/i.test(part));

/** Dot segments as a raw HTTP client (`curl --path-as-is`) sends them, unresolved. */
export const DOT_SEGMENTS = [
  '.',
  '..',
  '...',
  '%2e',
  '%2E%2E',
  '.%2e',
  '%2e.',
  '..%2f',
  '..%5c',
  '%2e%2e%2f',
  '..;',
];
