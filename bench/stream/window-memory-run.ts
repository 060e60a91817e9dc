/** Runs window-memory.ts in a fresh process with `--expose-gc` and returns its figures. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = fileURLToPath(new URL('.', import.meta.url));
const tsx = resolve(here, '../../node_modules/.bin/tsx');

export interface WindowMemory {
  windows: number;
  bytes: number;
  bytesPer10k: number;
}

export async function windowMemory(pairs: number): Promise<WindowMemory> {
  const { stdout } = await promisify(execFile)(
    tsx,
    ['--conditions=source', '--expose-gc', resolve(here, 'window-memory.ts'), String(pairs)],
    { cwd: here },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as WindowMemory;
}
