// azure.yaml, offline: azd provisions deploy/azure and builds each service's image from the
// Dockerfile alone; its JSON schema is checked in the workflow (docs/testing.md).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMainParameters, RESOURCES_BICEP as rg } from './azure-templates.js';
import { moduleCalls, propertyText } from './bicep.js';
import { REPO, readRepoFile, readYaml, SERVICES } from './files.js';

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
    const file = readMainParameters();
    for (const service of SERVICES) {
      expect(file.parameters[`${service}Image`]?.value).toBe(
        `\${SERVICE_${service.toUpperCase()}_IMAGE_NAME=}`,
      );
    }
  });
});
