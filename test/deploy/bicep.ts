// A structural reader of Bicep, for offline checks where no Bicep compiler runs: comments
// stripped, bracket balance, top-level declarations, resources, module calls with the names
// of the params they pass, and `{ name: 'X', value | secretRef }` env lists. It reads the
// subset of Bicep that deploy/azure uses; it is not a Bicep parser and proves no types.

/** The text with `//` and `/* *\/` comments blanked out (strings kept, line numbers kept). */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'") {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index just past the single-quoted string starting at `start` (`\'` escapes a quote). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== "'") i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Text with string contents blanked (same length), so brackets in strings do not count. */
const withoutStrings = (text: string) =>
  text.replace(/'(?:[^'\\\n]|\\.)*'/g, (s) => `'${' '.repeat(s.length - 2)}'`);

/** Problems with bracket nesting: unmatched or crossed (), [], {}; empty when balanced. */
export function bracketProblems(text: string): string[] {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: { char: string; line: number }[] = [];
  const problems: string[] = [];
  withoutStrings(stripComments(text))
    .split('\n')
    .forEach((line, index) => {
      for (const char of line) {
        if ('([{'.includes(char)) stack.push({ char, line: index + 1 });
        else if (char in pairs) {
          const open = stack.pop();
          if (open?.char !== pairs[char]) problems.push(`line ${index + 1}: unmatched ${char}`);
        }
      }
    });
  for (const open of stack) problems.push(`line ${open.line}: ${open.char} never closed`);
  return problems;
}

export interface Declaration {
  kind: string;
  name: string;
  /** The whole declaration, decorators excluded, comments stripped. */
  text: string;
}

const KINDS = ['param', 'var', 'resource', 'module', 'output', 'targetScope', 'type', 'func'];

/** Top-level declarations in order (a declaration starts at column 0 with its keyword). */
export function declarations(text: string): Declaration[] {
  const lines = stripComments(text).split('\n');
  const starts: number[] = [];
  lines.forEach((line, index) => {
    const keyword = /^(\w+)\b/.exec(line)?.[1];
    if (keyword && KINDS.includes(keyword)) starts.push(index);
  });
  return starts.map((start, k) => {
    const end = starts[k + 1] ?? lines.length;
    const body = lines
      .slice(start, end)
      .filter((line) => !line.startsWith('@'))
      .join('\n');
    const [, kind = '', name = ''] = /^(\w+)\s+(\w+)?/.exec(body) ?? [];
    return { kind, name: kind === 'targetScope' ? 'targetScope' : name, text: body };
  });
}

export interface ResourceDecl {
  symbol: string;
  type: string;
  apiVersion: string;
  existing: boolean;
  text: string;
}

export function resources(text: string): ResourceDecl[] {
  return declarations(text)
    .filter((d) => d.kind === 'resource')
    .map((d) => {
      const [, symbol = '', type = '', apiVersion = ''] =
        /^resource\s+(\w+)\s+'([^'@]+)@([^']+)'/.exec(d.text) ?? [];
      return { symbol, type, apiVersion, existing: /'\s+existing\s*=/.test(d.text), text: d.text };
    });
}

export interface ParamDecl {
  name: string;
  type: string;
  hasDefault: boolean;
}

export function params(text: string): ParamDecl[] {
  return declarations(text)
    .filter((d) => d.kind === 'param')
    .map((d) => {
      const [, name = '', type = '', rest = ''] = /^param\s+(\w+)\s+(\w+)(.*)/.exec(d.text) ?? [];
      return { name, type, hasDefault: rest.trim().startsWith('=') };
    });
}

/** The text between the bracket at `open` and its match (exclusive). */
export function bracketBody(text: string, open: number): string {
  const pairs: Record<string, string> = { '{': '}', '[': ']', '(': ')' };
  const blank = withoutStrings(text);
  const stack: string[] = [];
  for (let i = open; i < blank.length; i++) {
    const c = blank[i] as string;
    if (c in pairs) stack.push(pairs[c] as string);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return text.slice(open + 1, i);
    }
  }
  throw new Error(`unclosed bracket at ${open}`);
}

/** The keys written at the top level of an object body (`key: …` at nesting depth 0). */
export function topLevelKeys(body: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  const blank = withoutStrings(body);
  for (const line of blank.split('\n')) {
    const key = depth === 0 ? /^\s*'?([\w-]+)'?\s*:/.exec(line)?.[1] : undefined;
    if (key) keys.push(key);
    for (const c of line) {
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) depth--;
    }
  }
  return keys;
}

/** The value text of `key:` at the top level of an object body (up to the end of its line or bracket). */
export function propertyText(body: string, key: string): string | undefined {
  const blank = withoutStrings(body);
  let depth = 0;
  let offset = 0;
  for (const line of blank.split('\n')) {
    const match = depth === 0 ? new RegExp(`^(\\s*${key}\\s*:\\s*)`).exec(line) : null;
    if (match) {
      const start = offset + (match[1]?.length ?? 0);
      const first = body[start];
      if (first && '[{('.includes(first)) return `${first}${bracketBody(body, start)}`;
      return body.slice(start, offset + line.length).trim();
    }
    for (const c of line) {
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) depth--;
    }
    offset += line.length + 1;
  }
  return undefined;
}

export interface ModuleCall {
  symbol: string;
  path: string;
  /** The body of `params: { … }`. */
  params: string;
  text: string;
}

export function moduleCalls(text: string): ModuleCall[] {
  return declarations(text)
    .filter((d) => d.kind === 'module')
    .map((d) => {
      const [, symbol = '', path = ''] = /^module\s+(\w+)\s+'([^']+)'/.exec(d.text) ?? [];
      const paramsAt = d.text.search(/\bparams\s*:\s*\{/);
      const params = paramsAt === -1 ? '' : bracketBody(d.text, d.text.indexOf('{', paramsAt));
      return { symbol, path, params, text: d.text };
    });
}

export interface EnvEntry {
  name: string;
  /** The Bicep expression of the value (`'0.0.0.0'`, `string(shards)`), or undefined. */
  value?: string;
  secretRef?: string;
}

/**
 * The env entries of `var <name> = …`, following references to other env vars (`concat(a, b,
 * [ … ])`), in order. Conditional lists (`empty(x) ? [] : [ … ]`) count with all their entries.
 */
export function envList(text: string, name: string, seen = new Set<string>()): EnvEntry[] {
  const vars = new Map(
    declarations(text)
      .filter((d) => d.kind === 'var')
      .map((d) => [d.name, d.text]),
  );
  const body = vars.get(name);
  if (body === undefined) throw new Error(`no var ${name}`);
  if (seen.has(name)) throw new Error(`cyclic env var ${name}`);
  seen.add(name);
  const expression = body.replace(/^var\s+\w+\s*=\s*/, '');
  const entries: EnvEntry[] = [];
  const pattern =
    /\{\s*name:\s*'([A-Z0-9_]+)'\s*,\s*(value|secretRef):\s*([^}\n]+?)\s*\}|\b(\w+Env)\b/g;
  for (const match of expression.matchAll(pattern)) {
    const [, envName, kind, raw, reference] = match;
    if (reference) entries.push(...envList(text, reference, seen));
    else if (envName && kind === 'value') entries.push({ name: envName, value: raw });
    else if (envName && raw) entries.push({ name: envName, secretRef: raw.replace(/'/g, '') });
  }
  return entries;
}
