// deploy/azure, offline: the env list of each container app, evaluated with plausible stand-ins
// for what Bicep computes at deployment, is accepted by the service's config schema.
import { type BaseConfig, type ConfigSchema, configSchemas, loadConfig } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { readMainParameters, RESOURCES_BICEP as rg } from './azure-templates.js';
import { declarations, type EnvEntry, envList } from './bicep.js';
import { SERVICES, type ServiceName } from './files.js';

describe('deploy/azure: each app env is accepted by its config schema', () => {
  // Values Bicep computes at deployment, stood in by plausible ones of the same shape.
  const params = readMainParameters();
  const runtime: Record<string, string> = {
    'storage.outputs.blobEndpoint': 'https://stexample.blob.core.windows.net/',
    'eventHubs.outputs.namespaceName': 'evhns-example',
    'serviceBus.outputs.namespaceName': 'sbns-example',
    authTenantId: '00000000-0000-0000-0000-000000000000',
    authIssuer: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
    authAudience: '11111111-1111-1111-1111-111111111111,api://fleetscore',
  };
  const secrets: Record<string, string> = {
    'api-key-hashes': 'ff946d613053a4ef6eb17521bfe281058b9bdd0bbfa5c56ffe21c509d642eebe',
    'appinsights-connection-string':
      'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.in.applicationinsights.azure.com/',
  };
  const vars = Object.fromEntries(
    declarations(rg)
      .filter((d) => d.kind === 'var')
      .map((d) => [d.name, /^var\s+\w+\s*=\s*'([^']*)'\s*$/.exec(d.text.trim())?.[1]]),
  );
  const evaluate = (entry: EnvEntry): string => {
    if (entry.secretRef) return secrets[entry.secretRef] ?? fail(`secret ${entry.secretRef}`);
    const value = entry.value ?? '';
    const literal = /^'([^']*)'$/.exec(value)?.[1];
    if (literal !== undefined) return literal;
    const param = /^string\((\w+)\)$/.exec(value)?.[1];
    if (param) return String(params.parameters[param]?.value ?? fail(`param ${param}`));
    return runtime[value] ?? vars[value] ?? fail(`${entry.name} = ${value}`);
  };

  it.each(SERVICES)('%s', (service) => {
    const env = Object.fromEntries(
      envList(rg, `${service}Env`).map((entry) => [entry.name, evaluate(entry)]),
    );
    const schema = configSchemas[service as ServiceName] as ConfigSchema<BaseConfig>;
    const config = loadConfig(schema, env);
    expect(config.backend.kind).toBe('azure');
    expect('accountUrl' in config.storage).toBe(true);
    if (config.backend.kind === 'azure') {
      expect('fullyQualifiedNamespace' in config.backend.eventHubs).toBe(true);
      expect('fullyQualifiedNamespace' in config.backend.serviceBus).toBe(true);
    }
  });
});

function fail(what: string): never {
  throw new Error(`cannot evaluate ${what}`);
}
