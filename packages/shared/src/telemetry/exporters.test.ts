import { describe, expect, it } from 'vitest';
import { chooseExporters } from './exporters.js';

describe('chooseExporters', () => {
  it('exports nothing by default', () => {
    expect(chooseExporters({ service: 'ingest' })).toEqual({
      traces: { kind: 'none' },
      metrics: { kind: 'none' },
    });
  });

  it('appends the signal paths to the OTLP base URL', () => {
    const choice = chooseExporters({
      service: 'ingest',
      exporter: 'otlp',
      otlpEndpoint: 'http://collector:4318/',
    });
    expect(choice.traces).toEqual({ kind: 'otlp', url: 'http://collector:4318/v1/traces' });
    expect(choice.metrics).toEqual({ kind: 'otlp', url: 'http://collector:4318/v1/metrics' });
    expect(chooseExporters({ service: 'x', exporter: 'otlp' }).traces).toEqual({
      kind: 'otlp',
      url: 'http://localhost:4318/v1/traces',
    });
  });

  it('sends both signals to Azure Monitor with the connection string', () => {
    const connectionString = 'InstrumentationKey=00000000-0000-0000-0000-000000000000';
    const choice = chooseExporters({
      service: 'scorer',
      exporter: 'azure-monitor',
      appInsightsConnectionString: connectionString,
    });
    expect(choice.traces).toEqual({ kind: 'azure-monitor', connectionString });
    expect(choice.metrics).toEqual({ kind: 'azure-monitor', connectionString });
    expect(() => chooseExporters({ service: 'scorer', exporter: 'azure-monitor' })).toThrow(
      /appInsightsConnectionString/,
    );
  });

  it('serves metrics only for prometheus', () => {
    expect(chooseExporters({ service: 'x', exporter: 'prometheus' })).toEqual({
      traces: { kind: 'none' },
      metrics: { kind: 'prometheus', port: 9464 },
    });
    expect(chooseExporters({ service: 'x', exporter: 'console' }).traces.kind).toBe('console');
  });
});
