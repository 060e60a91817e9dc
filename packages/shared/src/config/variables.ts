import { z } from 'zod';

/**
 * Building blocks for environment variables. Each reads text, trims it, and either parses it
 * or reports one issue worded "expected …", which the loader prefixes with the variable's name
 * and value. Defaults are given with zod's `.prefault('text')`: the default is environment
 * text, parsed like a set value, so a bad default fails the tests and the docs show it as is.
 */
export function variable<T>(expected: string, parse: (text: string) => T | undefined) {
  const message = `expected ${expected}`;
  return z.string({ error: message }).transform((raw, ctx) => {
    const value = parse(raw.trim());
    if (value === undefined) {
      ctx.issues.push({ code: 'custom', message, input: raw });
      return z.NEVER;
    }
    return value;
  });
}

/** What the docs table shows for a variable, beside its name and default. */
export interface VariableDoc {
  description: string;
  /** Shown instead of the schema's default, when that depends on other variables. */
  default?: string;
  /** Its value is never printed: not in errors, not in logs. */
  secret?: boolean;
}

export const variableDocs = z.registry<VariableDoc>();

export const integer = (min: number, max: number) =>
  variable(`an integer from ${min} to ${max}`, (text) => {
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    return value >= min && value <= max ? value : undefined;
  });

export const port = () => integer(1, 65_535);

export const oneOf = <const T extends readonly string[]>(values: T) =>
  variable(`one of ${values.join(', ')}`, (text) =>
    values.includes(text) ? (text as T[number]) : undefined,
  );

/** A URL whose scheme is one of `protocols` (without the colon). */
export const url = (...protocols: string[]) =>
  variable(`a ${protocols.join(' or ')} URL`, (text) => {
    const scheme = URL.canParse(text) ? new URL(text).protocol.slice(0, -1) : undefined;
    return scheme && protocols.includes(scheme) ? text : undefined;
  });

/** Text matching `pattern`, described to the user as `expected`. */
export const matching = (pattern: RegExp, expected: string) =>
  variable(expected, (text) => (pattern.test(text) ? text : undefined));

export const text = () => matching(/./, 'a non-empty value');

/** Comma-separated items, each checked by `pattern`; blanks between commas are ignored. */
export const list = (pattern: RegExp, expected: string) =>
  variable(`a comma-separated list of ${expected}`, (text) => {
    const items = text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    return items.length > 0 && items.every((item) => pattern.test(item)) ? items : undefined;
  });

/**
 * An Event Hubs or Service Bus namespace: `myns`, `myns.servicebus.windows.net`, or the
 * `sb://…/` form the portal shows; always returned fully qualified.
 */
export const namespace = () =>
  variable('a namespace such as myns or myns.servicebus.windows.net', (text) => {
    const host = text.replace(/^(sb|https):\/\//, '').replace(/\/$/, '');
    if (!/^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)*$/.test(host)) return undefined;
    return host.includes('.') ? host : `${host}.servicebus.windows.net`;
  });

/** An IANA time zone name that this Node.js knows (`UTC`, `Europe/Amsterdam`). */
export const timeZone = () =>
  variable('an IANA time zone such as UTC or Europe/Amsterdam', (text) => {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: text }).resolvedOptions().timeZone;
    } catch {
      return undefined;
    }
  });
