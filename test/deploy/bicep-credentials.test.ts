// deploy/azure, offline: the apps reach storage, Event Hubs, Service Bus and the registry with
// their own identities, never with a key, and no broad role is granted.
import { describe, expect, it } from 'vitest';
import { ALL_BICEP as all, RESOURCES_BICEP as rg, bicepText as text } from './azure-templates.js';
import { envList, moduleCalls, propertyText, stripComments } from './bicep.js';
import { SERVICES } from './files.js';

/** Broad roles that must never be granted to an app. */
const BROAD_ROLES = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  'Storage Account Contributor': '17d1049b-9a84-46fb-8f53-869881c3d3ab',
};
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
