import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load.js';
import { scorerConfigSchema } from './services.js';

const APP_INSIGHTS = 'InstrumentationKey=00000000-0000-0000-0000-000000000000';
const telemetryOf = (env: Record<string, string>) => loadConfig(scorerConfigSchema, env).telemetry;

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(scorerConfigSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable}${p.problem}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('telemetry variables', () => {
  it('take the standard exporter variables per signal, an unset one meaning none', () => {
    expect(telemetryOf({ OTEL_TRACES_EXPORTER: 'otlp' })).toMatchObject({
      traces: 'otlp',
      metrics: 'none',
    });
    expect(telemetryOf({ OTEL_METRICS_EXPORTER: 'prometheus' })).toMatchObject({
      traces: 'none',
      metrics: 'prometheus',
    });
    // Explicit beats implied: the connection string no longer picks azure-monitor.
    expect(
      telemetryOf({
        OTEL_TRACES_EXPORTER: 'console',
        APPLICATIONINSIGHTS_CONNECTION_STRING: APP_INSIGHTS,
      }),
    ).toMatchObject({ traces: 'console', metrics: 'none' });
  });

  it('let the shorthand set both signals, with standard variables that agree', () => {
    expect(
      telemetryOf({
        FLEETSCORE_OTEL_EXPORTER: 'prometheus',
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'prometheus',
      }),
    ).toMatchObject({ traces: 'none', metrics: 'prometheus' });
  });

  it('refuse a standard variable that contradicts the shorthand, naming both', () => {
    expect(
      problems({ FLEETSCORE_OTEL_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'console' }),
    ).toEqual([
      'OTEL_METRICS_EXPORTER: is console, which contradicts FLEETSCORE_OTEL_EXPORTER=otlp (metrics: otlp); unset one of them',
    ]);
    expect(
      problems({
        FLEETSCORE_OTEL_EXPORTER: 'azure-monitor',
        APPLICATIONINSIGHTS_CONNECTION_STRING: APP_INSIGHTS,
        OTEL_TRACES_EXPORTER: 'otlp',
      }),
    ).toEqual([
      'OTEL_TRACES_EXPORTER: is otlp, which contradicts FLEETSCORE_OTEL_EXPORTER=azure-monitor (traces: azure-monitor); unset one of them',
    ]);
    expect(problems({ OTEL_TRACES_EXPORTER: 'zipkin' })).toEqual([
      'OTEL_TRACES_EXPORTER="zipkin": expected one of none, console, otlp',
    ]);
  });

  it('read the service name and resource attributes in the specification’s order', () => {
    expect(
      telemetryOf({
        OTEL_RESOURCE_ATTRIBUTES: 'service.namespace=prod, deployment.environment.name=eu%20west',
      }),
    ).toMatchObject({
      resourceAttributes: {
        'service.namespace': 'prod',
        'deployment.environment.name': 'eu west',
      },
    });
    expect(telemetryOf({}).serviceName).toBeUndefined();
    expect(
      telemetryOf({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attributes' }).serviceName,
    ).toBe('from-attributes');
    expect(
      telemetryOf({
        OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attributes',
        OTEL_SERVICE_NAME: 'scorer-eu',
      }).serviceName,
    ).toBe('scorer-eu');
    expect(problems({ OTEL_RESOURCE_ATTRIBUTES: 'a=1,broken' })[0]).toMatch(
      /^OTEL_RESOURCE_ATTRIBUTES="a=1,broken": expected key=value pairs/,
    );
  });

  it('check the sampler and its argument, Azure Monitor’s samplers only with azure-monitor', () => {
    expect(
      telemetryOf({
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }).sampler,
    ).toEqual({ name: 'parentbased_traceidratio', arg: 0.25 });
    expect(
      telemetryOf({
        APPLICATIONINSIGHTS_CONNECTION_STRING: APP_INSIGHTS,
        OTEL_TRACES_SAMPLER: 'microsoft.rate_limited',
        OTEL_TRACES_SAMPLER_ARG: '20',
      }).sampler,
    ).toEqual({ name: 'microsoft.rate_limited', arg: 20 });
    expect(
      problems({ OTEL_TRACES_SAMPLER: 'microsoft.rate_limited', OTEL_TRACES_SAMPLER_ARG: '20' }),
    ).toEqual([
      'OTEL_TRACES_SAMPLER: is microsoft.rate_limited, an Azure Monitor sampler: only with FLEETSCORE_OTEL_EXPORTER=azure-monitor',
    ]);
    expect(problems({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' })).toEqual(
      ['OTEL_TRACES_SAMPLER_ARG: is 2; traceidratio takes a probability from 0 to 1'],
    );
    expect(problems({ OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: '1' })).toEqual([
      'OTEL_TRACES_SAMPLER_ARG: is set, but always_on takes no argument; unset it',
    ]);
  });
});
