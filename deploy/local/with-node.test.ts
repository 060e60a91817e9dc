import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript without declarations (it runs before anything is installed)
import { ensureNode, envWith, wantedNode } from './toolchain.mjs';

const withNode = resolve(import.meta.dirname, 'with-node.mjs');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [withNode, ...args], { encoding: 'utf8' });

describe('the Node toolchain', () => {
  it('pins an exact Node 24 (or later) release', () => {
    expect(wantedNode()).toMatch(/^(2[4-9]|[3-9]\d)\.\d+\.\d+$/);
  });

  it('installs nothing when the running Node is recent enough', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
    expect(ensureNode(() => {})).toBeUndefined();
  });

  it('puts its folder first on PATH', () => {
    expect(envWith('/t/bin', { PATH: '/usr/bin' }).PATH).toBe('/t/bin:/usr/bin');
    expect(envWith(undefined, { PATH: '/usr/bin' }).PATH).toBe('/usr/bin');
  });
});

describe('with-node.mjs', () => {
  it('runs the command on the project Node and exits with its status', () => {
    const result = run('node', '-e', 'console.log(process.versions.node); process.exit(3)');
    expect(result.status).toBe(3);
    expect(Number(result.stdout.trim().split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('reports a command killed by a signal as 128 + its number', () => {
    expect(run('sh', '-c', 'kill -TERM $$').status).toBe(128 + 15);
  });

  it('says how to use it when given no command, and what failed to start', () => {
    expect(run().status).toBe(2);
    const missing = run('no-such-command-here');
    expect(missing.status).toBe(127);
    expect(missing.stderr).toMatch(/could not start no-such-command-here/);
  });
});
