import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const tsx = resolve(repo, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'fleetscore-stack-'));
// Ports away from the shared test stack, so this test can start and stop its own.
const env = {
  ...process.env,
  FLEETSCORE_STACK_DIR: dir,
  FLEETSCORE_STACK_REDIS_PORT: '16390',
  FLEETSCORE_STACK_BLOB_PORT: '16400',
  FLEETSCORE_STACK_QUEUE_PORT: '16401',
  FLEETSCORE_STACK_TABLE_PORT: '16402',
};
const stack = (command: string, ...flags: string[]) =>
  run(tsx, ['deploy/local/stack-cli.ts', command, ...flags], { cwd: repo, env });

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  await stack('down').catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('pnpm stack:up / stack:down', () => {
  it('is idempotent and stops exactly what it started', async () => {
    const first = await stack('up');
    expect(first.stdout).toMatch(/redis\s+started/);
    expect(first.stdout).toMatch(/azurite\s+started/);
    const pids = ['redis.pid', 'azurite.pid'].map((f) =>
      Number(readFileSync(join(dir, 'run', f), 'utf8')),
    );

    const second = await stack('up');
    expect(second.stdout).toMatch(/redis\s+already running/);
    expect(second.stdout).toMatch(/azurite\s+already running/);
    const pidsAgain = ['redis.pid', 'azurite.pid'].map((f) =>
      Number(readFileSync(join(dir, 'run', f), 'utf8')),
    );
    expect(pidsAgain).toEqual(pids);
    expect((await stack('status')).stdout).toMatch(/redis\s+up/);

    await stack('down');
    for (const pid of pids) expect(running(pid)).toBe(false);
    await expect(stack('status')).rejects.toMatchObject({ code: 1 });
  });

  it('down --wipe deletes the data of what it stopped; a bad option changes nothing', async () => {
    await stack('up');
    const data = ['redis', 'azurite'].map((d) => join(dir, d));
    for (const d of data) expect(existsSync(d), d).toBe(true);
    await expect(stack('down', '--wipe-all')).rejects.toMatchObject({ code: 2 });
    expect((await stack('status')).stdout).toMatch(/azurite\s+up/);

    const down = await stack('down', '--wipe');
    expect(down.stdout).toMatch(/azurite\s+stopped/);
    for (const d of data) expect(existsSync(d), d).toBe(false);
    // And it starts again from nothing.
    expect((await stack('up')).stdout).toMatch(/azurite\s+started/);
    await stack('down');
  });

  it('refuses a port taken by a process it did not start', async () => {
    const { createServer } = await import('node:net');
    const squatter = createServer().listen(16390, '127.0.0.1');
    await new Promise((r) => squatter.once('listening', r));
    try {
      await expect(stack('up')).rejects.toMatchObject({
        stderr: expect.stringMatching(/port 16390 is taken/),
      });
    } finally {
      squatter.close();
      await stack('down');
    }
  });
});
