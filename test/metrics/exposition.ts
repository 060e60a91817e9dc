// Checks a Prometheus text exposition (format 0.0.4) the way `promtool check metrics` does:
// parsed with parse-prometheus-text-format, then the linter's rules on names, HELP/TYPE,
// counters and units. Returns the problems found (none for a good exposition).
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const NUMBER = /^(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|[+-]?Inf|NaN)$/;
// A sample: name, optional {labels}, value, optional timestamp.
const SAMPLE = /^([^\s{]+)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?$/;
const LABEL = /([^=,\s]+)="((?:[^"\\]|\\.)*)"/g;
/** Non-base or abbreviated units promtool's linter rejects in names. */
const NON_BASE_UNITS =
  /_(?:ms|us|ns|milliseconds|microseconds|nanoseconds|minutes|hours|days|kilobytes|megabytes|gigabytes|percent)(?:_|$)/;
/** OpenMetrics' `# UNIT`: the family name must end with the unit's name. */
const UNIT_SUFFIX: Record<string, string> = { s: 'seconds', By: 'bytes', '1': 'ratio' };
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};

export interface Family {
  name: string;
  type: string;
  help: string;
}

export function checkExposition(text: string): { problems: string[]; families: Family[] } {
  const problems: string[] = [];
  const help = new Map<string, string>();
  const type = new Map<string, string>();
  const seen = new Set<string>();
  for (const [index, line] of text.split('\n').entries()) {
    const at = `line ${index + 1}`;
    if (line.trim() === '') continue;
    const meta = /^#\s+(HELP|TYPE|UNIT)\s+(\S+)(?:\s+(.*))?$/.exec(line);
    if (meta) {
      const [, kind, name = '', rest = ''] = meta;
      if (!METRIC_NAME.test(name)) problems.push(`${at}: invalid metric name ${name}`);
      if (kind === 'HELP') {
        if (rest.trim() === '' || rest === 'description missing')
          problems.push(`${name}: no help text`);
        help.set(name, rest);
      } else if (kind === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest))
          problems.push(`${name}: unknown type ${rest}`);
        if (type.has(name)) problems.push(`${name}: TYPE given twice`);
        if (seen.has(name)) problems.push(`${name}: TYPE after its samples`);
        type.set(name, rest);
      } else {
        const suffix = UNIT_SUFFIX[rest];
        if (!suffix || !name.endsWith(`_${suffix}`))
          problems.push(`${name}: unit ${rest} is not the name's suffix`);
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) {
      problems.push(`${at}: not a sample: ${line}`);
      continue;
    }
    const [, name = '', labels = '', value = ''] = sample;
    if (!METRIC_NAME.test(name)) problems.push(`${at}: invalid metric name ${name}`);
    if (!NUMBER.test(value)) problems.push(`${at}: value ${value} is not a number`);
    const rest = labels.replace(LABEL, '').replace(/[,\s]/g, '');
    if (rest !== '') problems.push(`${at}: malformed labels {${labels}}`);
    for (const [, label = ''] of labels.matchAll(LABEL)) {
      if (!LABEL_NAME.test(label) || label.startsWith('__'))
        problems.push(`${at}: invalid label name ${label}`);
    }
    const family = familyOf(name, type);
    seen.add(family);
    if (!type.has(family)) problems.push(`${name}: sample without a TYPE`);
    if (!help.has(family)) problems.push(`${name}: sample without a HELP`);
  }

  for (const [name, kind] of type) {
    if (kind === 'counter' && !name.endsWith('_total'))
      problems.push(`${name}: counter without the _total suffix`);
    if (kind !== 'counter' && name.endsWith('_total'))
      problems.push(`${name}: _total is reserved for counters`);
    if (NON_BASE_UNITS.test(name)) problems.push(`${name}: use base units (seconds, bytes)`);
    if (kind === 'histogram' && !hasInfBucket(text, name))
      problems.push(`${name}: histogram without an le="+Inf" bucket`);
  }

  const parsed = parsePrometheusTextFormat(text);
  const families = parsed.map((f) => ({ name: f.name, type: f.type.toLowerCase(), help: f.help }));
  for (const family of families) {
    if (family.type === 'untyped') problems.push(`${family.name}: parsed as untyped`);
  }
  return { problems, families };
}

function familyOf(sample: string, type: ReadonlyMap<string, string>): string {
  if (type.has(sample)) return sample;
  for (const [name, kind] of type) {
    for (const suffix of SUFFIXES[kind] ?? []) if (sample === `${name}${suffix}`) return name;
  }
  return sample;
}

function hasInfBucket(text: string, name: string): boolean {
  return new RegExp(`^${name}_bucket\\{[^}]*le="\\+Inf"`, 'm').test(text);
}
