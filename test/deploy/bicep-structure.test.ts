// deploy/azure, offline. No Bicep compiler runs here (it is not on npm), so these checks are
// structural: what they prove and what they do not is in docs/deploy.md.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALL_BICEP as all,
  AZURE_DIR as DIR,
  BICEP_FILES as files,
  MAIN_BICEP as main,
  readMainParameters,
  RESOURCES_BICEP as rg,
  bicepText as text,
} from './azure-templates.js';
import {
  bracketProblems,
  declarations,
  envList,
  moduleCalls,
  params,
  resources,
  topLevelKeys,
} from './bicep.js';
import { REPO, readRepoFile, SERVICES } from './files.js';

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
    const file = readMainParameters();
    const declared = params(main);
    const set = Object.keys(file.parameters);
    expect(set.filter((name) => !declared.some((p) => p.name === name))).toEqual([]);
    const required = declared.filter((p) => !p.hasDefault).map((p) => p.name);
    expect(required.filter((name) => !set.includes(name))).toEqual([]);
  });
});
