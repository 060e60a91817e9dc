// deploy/azure, offline. No Bicep compiler runs here (it is not on npm), so these checks are
// structural: what they prove and what they do not is in docs/deploy.md.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type BaseConfig, type ConfigSchema, configSchemas, loadConfig } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import {
  bracketProblems,
  declarations,
  type EnvEntry,
  envList,
  moduleCalls,
  params,
  propertyText,
  resources,
  stripComments,
  topLevelKeys,
} from './bicep.js';
import { REPO, readJson, readRepoFile, readYaml, SERVICES, type ServiceName } from './files.js';

const DIR = 'deploy/azure';
const files = [
  'main.bicep',
  'resources.bicep',
  ...readdirSync(resolve(REPO, DIR, 'modules')).map((f) => `modules/${f}`),
];
const text = (file: string) => readRepoFile(`${DIR}/${file}`);
const all = files.map((file) => ({ file, text: text(file) }));
const main = text('main.bicep');
const rg = text('resources.bicep');

/** Broad roles that must never be granted to an app. */
const BROAD_ROLES = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  'Storage Account Contributor': '17d1049b-9a84-46fb-8f53-869881c3d3ab',
};

describe('deploy/azure: Bicep structure', () => {
  it.each(files)('%s has balanced brackets', (file) => {
    expect(bracketProblems(text(file))).toEqual([]);
  });

  it('declares every resource the design needs', () => {
    const types = new Set(all.flatMap(({ text }) => resources(text).map((r) => r.type)));
    for (const type of [
      'Microsoft.Resources/resourceGroups',
      'Microsoft.OperationalInsights/workspaces',
      'Microsoft.Insights/components',
      'Microsoft.ContainerRegistry/registries',
      'Microsoft.Storage/storageAccounts',
      'Microsoft.Storage/storageAccounts/blobServices/containers',
      'Microsoft.Storage/storageAccounts/tableServices',
      'Microsoft.EventHub/namespaces',
      'Microsoft.EventHub/namespaces/eventhubs',
      'Microsoft.EventHub/namespaces/eventhubs/consumergroups',
      'Microsoft.ServiceBus/namespaces',
      'Microsoft.ServiceBus/namespaces/queues',
      'Microsoft.App/managedEnvironments',
      'Microsoft.App/containerApps',
      'Microsoft.ManagedIdentity/userAssignedIdentities',
      'Microsoft.Authorization/roleAssignments',
    ]) {
      expect(types, type).toContain(type);
    }
  });

  it('calls every module with params it declares, and with all it requires', () => {
    for (const { file, text } of all) {
      for (const call of moduleCalls(text)) {
        const path = resolve(REPO, DIR, dirname(file), call.path);
        expect(existsSync(path), `${file}: ${call.path}`).toBe(true);
        const declared = params(readRepoFile(path.slice(REPO.length + 1)));
        const passed = new Set(topLevelKeys(call.params));
        const names = new Set(declared.map((p) => p.name));
        expect(
          [...passed].filter((p) => !names.has(p)),
          `${call.symbol}: unknown`,
        ).toEqual([]);
        const missing = declared.filter((p) => !p.hasDefault && !passed.has(p.name));
        expect(
          missing.map((p) => p.name),
          `${call.symbol}: missing`,
        ).toEqual([]);
      }
    }
  });

  it('refers only to declared symbols in the env lists', () => {
    const names = new Set(declarations(rg).map((d) => d.name));
    for (const service of SERVICES) {
      for (const { name, value } of envList(rg, `${service}Env`)) {
        if (value === undefined || /^'[^']*'$/.test(value)) continue;
        // `symbol.outputs.x`, `symbol`, or `string(symbol)`.
        const symbol = /^(?:string\()?(\w+)/.exec(value)?.[1];
        expect(names, `${service}: ${name} = ${value}`).toContain(symbol);
      }
    }
  });

  it('main.parameters.json sets only parameters main.bicep declares, and all it requires', () => {
    const file = readJson(`${DIR}/main.parameters.json`) as { parameters: Record<string, unknown> };
    const declared = params(main);
    const set = Object.keys(file.parameters);
    expect(set.filter((name) => !declared.some((p) => p.name === name))).toEqual([]);
    const required = declared.filter((p) => !p.hasDefault).map((p) => p.name);
    expect(required.filter((name) => !set.includes(name))).toEqual([]);
  });
});

describe('deploy/azure: no keys, no connection strings', () => {
  const code = all.map(({ file, text }) => ({ file, code: stripComments(text) }));

  it('reads no key of any resource', () => {
    for (const { file, code: source } of code) {
      expect(source, file).not.toMatch(
        /\blist(Keys|ConnectionStrings|AccountSas|ServiceSas)\s*\(/i,
      );
      expect(source, file).not.toMatch(
        /AccountKey=|SharedAccessKey|primaryKey|primaryConnectionString/i,
      );
    }
  });

  it('turns local (key) authentication off on storage, Event Hubs, Service Bus and the registry', () => {
    expect(text('modules/storage.bicep')).toMatch(/allowSharedKeyAccess:\s*false/);
    expect(text('modules/event-hubs.bicep')).toMatch(/disableLocalAuth:\s*true/);
    expect(text('modules/service-bus.bicep')).toMatch(/disableLocalAuth:\s*true/);
    expect(text('modules/registry.bicep')).toMatch(/adminUserEnabled:\s*false/);
  });

  it.each(SERVICES)(
    '%s: no connection string in the env but the telemetry one, as a secret',
    (s) => {
      const env = envList(rg, `${s}Env`);
      const strings = env.filter((entry) => /CONNECTION_STRING/.test(entry.name));
      expect(strings.map((e) => e.name)).toEqual(['APPLICATIONINSIGHTS_CONNECTION_STRING']);
      expect(strings[0]?.secretRef).toBeDefined();
    },
  );

  it('pulls images with the app identity, not a registry password', () => {
    const app = text('modules/container-app.bicep');
    expect(app).toMatch(
      /registries:\s*\[\{\s*server:\s*registryServer,\s*identity:\s*identityId\s*\}\]/,
    );
    expect(app).toMatch(/name:\s*'AZURE_CLIENT_ID',\s*value:\s*identityClientId/);
  });
});

describe('deploy/azure: each app env is accepted by its config schema', () => {
  // Values Bicep computes at deployment, stood in by plausible ones of the same shape.
  const params = readJson(`${DIR}/main.parameters.json`) as {
    parameters: Record<string, { value: unknown }>;
  };
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

describe('deploy/azure: scaling', () => {
  const scorer = moduleCalls(rg).find((m) => m.symbol === 'scorerApp');
  const p = (key: string) => propertyText(scorer?.params ?? '', key);

  it('runs the scorer from zero to max replicas on the Service Bus queue, with its identity', () => {
    expect(p('minReplicas')).toBe('0');
    expect(p('maxReplicas')).toBe('scorerMaxReplicas');
    const rules = p('scaleRules') ?? '';
    expect(rules).toMatch(/type:\s*'azure-servicebus'/);
    expect(rules).toMatch(/identity:\s*scalerIdentity\.id/);
    expect(rules).toMatch(/queueName:\s*queueName/);
    expect(rules).toMatch(/namespace:\s*serviceBus\.outputs\.namespaceName/);
    expect(rules).toMatch(/messageCount:\s*string\(scorerConcurrency\)/);
    expect(rules).toMatch(/activationMessageCount:\s*'0'/);
    expect(rules).not.toMatch(/\bauth\s*:/);
  });

  it('uses a Container Apps API version that has the scale-rule identity (2024-02-02-preview on)', () => {
    for (const r of resources(text('modules/container-app.bicep'))) {
      if (r.type !== 'Microsoft.App/containerApps') continue;
      expect(r.apiVersion >= '2024-02-02' && r.apiVersion !== '2024-03-01').toBe(true);
    }
  });

  it('keeps one scheduler and at least one ingest and aggregator replica', () => {
    const of = (symbol: string, key: string) =>
      propertyText(moduleCalls(rg).find((m) => m.symbol === symbol)?.params ?? '', key);
    expect(of('schedulerApp', 'minReplicas')).toBe('1');
    expect(of('schedulerApp', 'maxReplicas')).toBe('1');
    expect(of('ingestApp', 'minReplicas')).toBe('1');
    expect(of('aggregatorApp', 'minReplicas')).toMatch(/aggregatorReplicas/);
  });

  it('creates the consumer group the aggregator env names', () => {
    const eventHubs = moduleCalls(rg).find((m) => m.symbol === 'eventHubs');
    const group = envList(rg, 'aggregatorEnv').find(
      (e) => e.name === 'FLEETSCORE_AGGREGATOR_GROUP',
    );
    expect(propertyText(eventHubs?.params ?? '', 'consumerGroups')).toContain(group?.value ?? '?');
  });
});

describe('deploy/azure: identities', () => {
  // Who holds which role is roles.test.ts; here, what must never be granted at all.
  it('grants no broad role anywhere', () => {
    for (const { file, text } of all) {
      for (const [name, id] of Object.entries(BROAD_ROLES)) {
        expect(text.includes(id), `${file}: ${name}`).toBe(false);
      }
    }
  });

  it('gives every app its own identity', () => {
    for (const service of SERVICES) {
      const call = moduleCalls(rg).find((m) => m.symbol === `${service}App`);
      expect(propertyText(call?.params ?? '', 'identityId')).toBe(`identities[${service}].id`);
    }
  });
});

describe('azure.yaml', () => {
  const azd = readYaml('azure.yaml') as {
    infra: { provider: string; path: string; module: string };
    services: Record<
      string,
      {
        host: string;
        language: string;
        docker: { path: string; context: string; buildArgs: string[]; remoteBuild?: boolean };
      }
    >;
  };

  it('provisions deploy/azure/main.bicep', () => {
    expect(azd.infra.provider).toBe('bicep');
    expect(existsSync(resolve(REPO, azd.infra.path, `${azd.infra.module}.bicep`))).toBe(true);
  });

  it('builds each service from deploy/Dockerfile for the app tagged with its name', () => {
    expect(Object.keys(azd.services).sort()).toEqual([...SERVICES].sort());
    for (const [name, service] of Object.entries(azd.services)) {
      expect(service.host).toBe('containerapp');
      expect(existsSync(resolve(REPO, service.docker.context, service.docker.path))).toBe(true);
      expect(service.docker.buildArgs).toEqual([`SERVICE=${name}`]);
      const app = moduleCalls(rg).find((m) => m.symbol === `${name}App`);
      expect(propertyText(app?.params ?? '', 'serviceName')).toBe(`'${name}'`);
    }
  });

  it('declares every service a Dockerfile-only project (language docker)', () => {
    // Any other language makes azd restore the project first (npm for js/ts), and npm cannot
    // install the workspace's catalog: and workspace: dependencies.
    for (const [name, service] of Object.entries(azd.services)) {
      expect(service.language, name).toBe('docker');
    }
  });

  it('builds remotely only if the Dockerfile needs no BuildKit feature', () => {
    // ACR Tasks quick builds (remoteBuild) run the classic builder: no RUN --mount.
    const buildKitOnly = /^RUN\s+--mount=/m.test(readRepoFile('deploy/Dockerfile'));
    for (const [name, service] of Object.entries(azd.services)) {
      expect(typeof service.docker.remoteBuild, name).toBe('boolean');
      if (buildKitOnly) expect(service.docker.remoteBuild, name).toBe(false);
    }
  });

  it('passes each image azd deployed back to the Bicep parameter of its app', () => {
    const file = readJson(`${DIR}/main.parameters.json`) as {
      parameters: Record<string, { value: unknown }>;
    };
    for (const service of SERVICES) {
      expect(file.parameters[`${service}Image`]?.value).toBe(
        `\${SERVICE_${service.toUpperCase()}_IMAGE_NAME=}`,
      );
    }
  });
});

function fail(what: string): never {
  throw new Error(`cannot evaluate ${what}`);
}
