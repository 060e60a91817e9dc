// One Node major everywhere: .node-version (what the toolchain installs and CI runs), the
// engines field, the image and every Node container of compose.
import { describe, expect, it } from 'vitest';
import { loadCompose, readJson, readRepoFile, SERVICES } from './files.js';

const version = readRepoFile('.node-version').trim();
const major = Number(version.split('.')[0]);

describe('the Node version', () => {
  it('is an exact Node 24 LTS (or later) release', () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(major).toBeGreaterThanOrEqual(24);
  });

  it('is what engines.node asks for, at the root and in every service', () => {
    for (const path of ['package.json', ...SERVICES.map((s) => `services/${s}/package.json`)]) {
      const pkg = readJson(path) as { engines?: { node?: string } };
      expect(pkg.engines?.node, path).toBe(`>=${major}`);
    }
  });

  it('is the major of the image and of every Node container in compose', () => {
    const image = /^ARG NODE_IMAGE=(.+)$/m.exec(readRepoFile('deploy/Dockerfile'))?.[1];
    expect(image).toMatch(new RegExp(`^node:${major}-[a-z]+-slim$`));
    const nodeImages = Object.values(loadCompose().services)
      .map((s) => s.image)
      .filter((i): i is string => i?.startsWith('node:') === true);
    expect(nodeImages.length).toBeGreaterThan(0);
    for (const i of nodeImages) expect(i).toMatch(new RegExp(`^node:${major}-`));
  });
});
