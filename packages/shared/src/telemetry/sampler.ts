import type { Sampler } from '@opentelemetry/sdk-trace-base';

/** `OTEL_TRACES_SAMPLER` values: the specification's, then Azure Monitor's own two. */
export const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'microsoft.rate_limited',
  'microsoft.fixed_percentage',
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** Samplers only the Azure Monitor distro has. */
export const AZURE_SAMPLERS: readonly SamplerName[] = [
  'microsoft.rate_limited',
  'microsoft.fixed_percentage',
];

/** A sampler and its argument (`OTEL_TRACES_SAMPLER_ARG`), checked by the config. */
export interface SamplerSetting {
  name: SamplerName;
  /** A probability from 0 to 1, or traces per second for `microsoft.rate_limited`. */
  arg?: number;
}

/** What `OTEL_TRACES_SAMPLER_ARG` must be for a sampler; undefined when it takes none. */
export function samplerArgRange(name: SamplerName): { min: number; max: number } | undefined {
  if (name === 'microsoft.rate_limited') return { min: 0, max: Number.MAX_SAFE_INTEGER };
  if (name.endsWith('traceidratio') || name === 'microsoft.fixed_percentage') {
    return { min: 0, max: 1 };
  }
  return undefined;
}

/**
 * The SDK sampler for a setting (OTLP and console exporters). Built here rather than left to the
 * SDK's own reading of the variables, so that the configuration is their only reader there.
 */
export async function otelSampler(setting: SamplerSetting): Promise<Sampler> {
  const { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } =
    await import('@opentelemetry/sdk-trace-base');
  const ratio = new TraceIdRatioBasedSampler(setting.arg ?? 1);
  switch (setting.name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    default:
      throw new TypeError(`${setting.name} is an Azure Monitor sampler (azure-monitor only)`);
  }
}

/**
 * The distro's sampling options for a setting. Its default is a rate limit of 5 traces a
 * second; `tracesPerSecond: 0` switches to its fixed-percentage sampler, which decides by the
 * trace id, the same way in every service, so a trace is kept or dropped whole. (The distro
 * also reads OTEL_TRACES_SAMPLER itself, but not the specification's `traceidratio` names.)
 */
export function azureSampling(setting: SamplerSetting | undefined): {
  samplingRatio?: number;
  tracesPerSecond?: number;
} {
  if (setting === undefined) return {};
  switch (setting.name) {
    case 'microsoft.rate_limited':
      return setting.arg === undefined ? {} : { tracesPerSecond: setting.arg };
    case 'always_on':
    case 'parentbased_always_on':
      return { samplingRatio: 1, tracesPerSecond: 0 };
    case 'always_off':
    case 'parentbased_always_off':
      return { samplingRatio: 0, tracesPerSecond: 0 };
    default:
      return { samplingRatio: setting.arg ?? 1, tracesPerSecond: 0 };
  }
}
