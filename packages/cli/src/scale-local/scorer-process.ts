import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort, scorerNodeFlags } from '@fleetscore/shared';
import type { ScorerHandle } from './autoscaler.js';

/**
 * How to start the scorer service: from TypeScript sources (the CLI itself runs from source:
 * tsx, vitest) with tsx's loader and the `source` export condition, else the built `dist`.
 * Both are found beside this package in the repository.
 */
export function scorerCommand(): { args: string[]; cwd: string } {
  const fromSource = import.meta.url.endsWith('.ts');
  const repo = fileURLToPath(new URL('../../../../', import.meta.url));
  return fromSource
    ? {
        cwd: repo,
        args: ['--conditions=source', '--import', 'tsx', 'services/scorer/src/main.ts'],
      }
    : { cwd: repo, args: ['services/scorer/dist/main.js'] };
}

/**
 * Starts one scorer process with the CLI's environment (backend, storage, queue…) and a health
 * port of its own. Its output goes to `output` prefixed with its pid.
 */
export async function spawnScorer(
  env: NodeJS.ProcessEnv,
  output: (line: string) => void,
): Promise<ScorerHandle> {
  const { args, cwd } = scorerCommand();
  const port = await freePort();
  // The heap cap the image gives scorers (NODE_OPTIONS), unless the environment sets its own.
  const child = spawn(process.execPath, [...scorerNodeFlags(env.NODE_OPTIONS), ...args], {
    cwd,
    env: { ...env, FLEETSCORE_HEALTH_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const id = `scorer:${child.pid}`;
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) output(`[${id}] ${line}`);
    });
  }
  const exited = once(child, 'exit');
  return { id, stop: () => child.kill('SIGTERM'), exited };
}
