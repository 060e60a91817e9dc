import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';

/** OpenTelemetry units as Prometheus name suffixes (the OpenTelemetry-to-Prometheus mapping). */
const SUFFIXES: Readonly<Record<string, string>> = {
  s: 'seconds',
  By: 'bytes',
  '1': 'ratio',
};

/**
 * The reader's scrape in Prometheus text format 0.0.4, every name carrying its unit. The
 * exporter writes OpenTelemetry names as they are, with an OpenMetrics `# UNIT` line; ours
 * already end with their unit (`…_seconds`), but the runtime instrumentation's semantic
 * convention names do not (`v8js.memory.heap.used`, in bytes). So each family gets the unit's
 * suffix, before `_total` on a counter, as the OpenTelemetry specification's Prometheus mapping
 * says, and the `# UNIT` lines go (format 0.0.4 has none; a `{resource}` annotation is no unit).
 */
export async function scrapeText(exporter: PrometheusExporter): Promise<string> {
  const { PrometheusSerializer } = await import('@opentelemetry/exporter-prometheus');
  const { resourceMetrics } = await exporter.collect();
  return withUnitSuffixes(new PrometheusSerializer().serialize(resourceMetrics));
}

/** The text with unit suffixes added to family names and `# UNIT` lines removed (pure). */
export function withUnitSuffixes(text: string): string {
  const renames = new Map<string, string>();
  for (const [, name = '', unit = ''] of text.matchAll(/^# UNIT (\S+) (\S+)$/gm)) {
    const suffix = SUFFIXES[unit];
    if (suffix === undefined) continue;
    const counter = name.endsWith('_total');
    const base = counter ? name.slice(0, -'_total'.length) : name;
    if (base.endsWith(`_${suffix}`)) continue;
    renames.set(name, `${base}_${suffix}${counter ? '_total' : ''}`);
  }
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# UNIT ')) continue;
    lines.push(renames.size === 0 ? line : rename(line, renames));
  }
  return lines.join('\n');
}

/** A HELP/TYPE line or a sample (`name`, `name_bucket`, `_sum`, `_count`) under its new name. */
function rename(line: string, renames: ReadonlyMap<string, string>): string {
  const meta = /^(# (?:HELP|TYPE) )(\S+)(.*)$/.exec(line);
  if (meta) return `${meta[1]}${renames.get(meta[2]!) ?? meta[2]}${meta[3]}`;
  const sample = /^([^\s{]+)(.*)$/.exec(line);
  if (!sample) return line;
  const name = sample[1]!;
  for (const suffix of ['', '_bucket', '_sum', '_count']) {
    const family = suffix ? name.slice(0, -suffix.length) : name;
    const renamed = name.endsWith(suffix) ? renames.get(family) : undefined;
    if (renamed) return `${renamed}${suffix}${sample[2]}`;
  }
  return line;
}
