// First step of `npm run demo` / `npm test` on a fresh machine: Node 24 (toolchain.mjs), pnpm,
// the locked dependencies and a build. Plain JavaScript: it runs before anything is installed.
// Idempotent and quick when everything is already in place.
//
//   node deploy/local/setup.mjs     set up, nothing else (`npm run setup`)
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ensureNode, envWith, ROOT } from './toolchain.mjs';

function run(what, command, args, env) {
  console.log(`[setup] ${what}…`);
  const result = spawnSync(command, args, { stdio: 'inherit', env, cwd: ROOT });
  if (result.status !== 0) {
    console.error(
      `[setup] failed while ${what} (\`${[command, ...args].join(' ')}\` exited ${result.status ?? result.signal}); see its output above`,
    );
    process.exit(1);
  }
}
const has = (command, env) =>
  spawnSync(command, ['--version'], { stdio: 'ignore', env }).status === 0;

/** Node 24, pnpm, dependencies, build. Returns the environment later commands should run in. */
export function setup() {
  const env = envWith(ensureNode());
  if (!has('pnpm', env)) {
    run(
      'installing pnpm 9 with npm (corepack’s download fails offline)',
      'npm',
      ['install', '--global', 'pnpm@9'],
      env,
    );
  }
  run(
    'installing dependencies from the lockfile',
    'pnpm',
    ['install', '--frozen-lockfile', '--reporter=silent'],
    env,
  );
  run('building', 'pnpm', ['-s', 'build'], env);
  return env;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) setup();
