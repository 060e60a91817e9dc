// The env drift test: compose and Bicep set what each service's config schema needs, and
// nothing a schema does not read, so the deploy files cannot rot silently when a variable is
// added, renamed or removed. The contract of what a deployment must set is env-contract.ts.
import { configSchemas, describeConfig, SCORER_NODE_OPTIONS } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { envList, moduleCalls, propertyText } from './bicep.js';
import { azureRequirements, contractVariables, localRequirements, unmet } from './env-contract.js';
import {
  fleetscoreContainers,
  loadCompose,
  readRepoFile,
  SERVICES,
  type ServiceName,
} from './files.js';

const compose = loadCompose();
const resources = readRepoFile('deploy/azure/resources.bicep');

const schemaVariables = (service: ServiceName) =>
  new Set(describeConfig(configSchemas[service]).map((v) => v.name));

const composeEnv = (profile: string, service: ServiceName) =>
  fleetscoreContainers(compose, profile).find((c) => c.service === service)?.env ?? {};

const bicepEnv = (service: ServiceName) => envList(resources, `${service}Env`);

/** Set by the platform rather than read by a schema: the identity DefaultAzureCredential uses. */
const PLATFORM_VARIABLES = new Set(['AZURE_CLIENT_ID']);

/** Read by Node itself rather than a schema, with the value each deployment must give. */
const NODE_VARIABLES: Partial<Record<ServiceName, Record<string, string>>> = {
  scorer: { NODE_OPTIONS: SCORER_NODE_OPTIONS },
};

describe.each(SERVICES)('env drift: %s', (service) => {
  const schema = schemaVariables(service);

  it('every variable its schema reads is placed in the deployment contract', () => {
    const contract = contractVariables(service);
    const unplaced = [...schema].filter((name) => !contract.has(name));
    expect(unplaced, 'new variables: add them to test/deploy/env-contract.ts').toEqual([]);
    const stale = [...contract].filter((name) => !schema.has(name));
    expect(stale, 'variables the schema no longer reads').toEqual([]);
  });

  it('compose (profile azure) sets every variable the Azure deployment must set', () => {
    expect(unmet(azureRequirements(service), Object.keys(composeEnv('azure', service)))).toEqual(
      [],
    );
  });

  it('compose (profile local) sets every variable the local deployment must set', () => {
    expect(unmet(localRequirements(service), Object.keys(composeEnv('local', service)))).toEqual(
      [],
    );
  });

  it('Bicep sets every variable the Azure deployment must set', () => {
    const names = bicepEnv(service).map((entry) => entry.name);
    expect(unmet(azureRequirements(service), names)).toEqual([]);
  });

  it('compose and Bicep set only variables its schema (or Node) reads', () => {
    const node = NODE_VARIABLES[service] ?? {};
    const extra = (names: string[]) => names.filter((name) => !schema.has(name) && !(name in node));
    expect(extra(Object.keys(composeEnv('azure', service)))).toEqual([]);
    expect(extra(Object.keys(composeEnv('local', service)))).toEqual([]);
    expect(
      extra(bicepEnv(service).map((e) => e.name)).filter((n) => !PLATFORM_VARIABLES.has(n)),
    ).toEqual([]);
  });

  it('compose and Bicep give Node the settings the service needs', () => {
    for (const [name, value] of Object.entries(NODE_VARIABLES[service] ?? {})) {
      expect(composeEnv('azure', service)[name], `compose azure ${name}`).toBe(value);
      expect(composeEnv('local', service)[name], `compose local ${name}`).toBe(value);
      expect(bicepEnv(service).find((e) => e.name === name)?.value, `Bicep ${name}`).toBe(
        `'${value}'`,
      );
    }
  });

  it('Bicep sets each variable once', () => {
    const names = bicepEnv(service).map((entry) => entry.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('its container app gets this env list', () => {
    const app = moduleCalls(resources).find((m) => m.symbol === `${service}App`);
    expect(propertyText(app?.params ?? '', 'env')).toBe(`${service}Env`);
    expect(propertyText(app?.params ?? '', 'serviceName')).toBe(`'${service}'`);
  });
});

describe('env drift: values two services must agree on', () => {
  // [variable, service, variable, service]: the first's value must equal the second's.
  const pairs: [string, ServiceName, string, ServiceName][] = [
    ['FLEETSCORE_SHARDS', 'aggregator', 'FLEETSCORE_SHARDS', 'scheduler'],
    ['FLEETSCORE_JOB_ATTEMPTS', 'scheduler', 'FLEETSCORE_JOB_ATTEMPTS', 'scorer'],
    ['FLEETSCORE_SCALE_JOBS_PER_REPLICA', 'scheduler', 'FLEETSCORE_SCORER_CONCURRENCY', 'scorer'],
  ];

  it.each(pairs)('%s of the %s = %s of the %s, in both compose profiles', (a, sa, b, sb) => {
    for (const profile of ['azure', 'local']) {
      const left = composeEnv(profile, sa)[a];
      expect(left, `${profile} ${sa} ${a}`).toBeDefined();
      expect(composeEnv(profile, sb)[b]).toBe(left);
    }
  });

  it.each(pairs)('%s of the %s = %s of the %s, in Bicep', (a, sa, b, sb) => {
    const value = (service: ServiceName, name: string) =>
      bicepEnv(service).find((entry) => entry.name === name)?.value;
    expect(value(sa, a)).toBeDefined();
    expect(value(sb, b)).toBe(value(sa, a));
  });
});
