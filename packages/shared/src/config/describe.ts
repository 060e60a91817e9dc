import { z } from 'zod';
import { baseVariables } from './common.js';
import type { ConfigSchema } from './load.js';
import { configSchemas } from './services.js';
import { variableDocs } from './variables.js';

export interface ConfigVariable {
  name: string;
  /** Markdown; undefined when the variable has no default. */
  default?: string;
  description: string;
  secret: boolean;
}

/** The variables of a shape, in declaration order, with their docs and defaults. */
export function describeVariables(shape: Readonly<Record<string, z.ZodType>>): ConfigVariable[] {
  return Object.entries(shape).map(([name, field]) => {
    const doc = variableDocs.get(field);
    const value = field instanceof z.ZodPrefault ? field.def.defaultValue : undefined;
    return {
      name,
      default: doc?.default ?? (typeof value === 'string' ? `\`${value}\`` : undefined),
      description: doc?.description ?? '',
      secret: doc?.secret === true,
    };
  });
}

/** Every variable a service reads, common ones first. */
export const describeConfig = (schema: ConfigSchema): ConfigVariable[] =>
  describeVariables(schema.in.shape);

/** A Markdown table with padded columns, the way Biome formats docs (so lint stays clean). */
function table(variables: readonly ConfigVariable[]): string {
  const rows = [
    ['Variable', 'Default', 'Meaning'],
    ...variables.map((v) => [
      `\`${v.name}\``,
      v.default ?? '—',
      `${v.description}${v.secret ? ' (secret)' : ''}`,
    ]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const [header = [], ...body] = rows;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join(
    '\n',
  );
}

const INTRO = `# Configuration

<!-- Generated from packages/shared/src/config by its tests; to update after changing a schema:
     pnpm exec vitest run --project unit packages/shared/src/config -u -->

Each service reads environment variables once, at start-up, in its \`main.ts\`
(\`loadConfigOrExit\` from \`@fleetscore/shared\`); nothing else reads \`process.env\`. The
defaults point at the local stack (\`pnpm stack:up\`), so a local run needs no variables.

- An empty value (\`FOO=\`) counts as unset.
- Numbers are whole numbers; ports are 1–65535.
- On any invalid or missing variable the service prints one message naming every bad
  variable, what was wrong and what is expected, and exits with code 2.
- Values marked _secret_ are never printed: not in that message, not in the start-up log
  line (\`redactConfig\`), and pino masks the usual secret fields in any log call.
- With \`FLEETSCORE_BACKEND=azure\`, each of storage, Event Hubs and Service Bus needs
  either a namespace / account URL (reached with managed identity) or a connection string,
  and the ingest and the scheduler need API keys or Entra ID (\`FLEETSCORE_API_KEYS\`,
  \`FLEETSCORE_AUTH_TENANT_ID\` or \`FLEETSCORE_AUTH_ISSUER\`; docs/security.md).
- Telemetry: \`FLEETSCORE_OTEL_EXPORTER\` is a shorthand for both signals; the standard
  \`OTEL_TRACES_EXPORTER\` / \`OTEL_METRICS_EXPORTER\` set one signal each and must agree with
  the shorthand when both are set; with neither, \`APPLICATIONINSIGHTS_CONNECTION_STRING\`
  implies \`azure-monitor\` (docs/observability.md). The SDK reads a few standard variables
  itself: \`OTEL_BSP_*\` and \`OTEL_BLRP_*\` (batching), \`OTEL_PROPAGATORS\`,
  \`OTEL_SDK_DISABLED\`, \`OTEL_LOG_LEVEL\`, span limits; with \`azure-monitor\` the distro also
  reads \`OTEL_METRIC_EXPORT_INTERVAL\`, \`OTEL_NODE_RESOURCE_DETECTORS\` and its own
  \`APPLICATIONINSIGHTS_*\` settings.
`;

/** docs/configuration.md: the rules, then one table of common and one per service. */
export function renderConfigDocs(): string {
  const common = new Set(Object.keys(baseVariables));
  const sections = [INTRO, `## Every service\n\n${table(describeVariables(baseVariables))}\n`];
  for (const [service, schema] of Object.entries(configSchemas)) {
    const own = describeConfig(schema).filter((v) => !common.has(v.name));
    sections.push(`## ${service}\n\n${table(own)}\n`);
  }
  return sections.join('\n');
}
