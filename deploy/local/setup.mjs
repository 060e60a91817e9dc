// First step of `npm run demo` / `npm test` on a fresh machine: makes sure pnpm is there,
// installs the locked dependencies and builds. Plain JavaScript: it runs before anything is
// installed. Idempotent and quick when everything is already in place.
import { execSync, spawnSync } from 'node:child_process';

const run = (command) => execSync(command, { stdio: 'inherit' });
const has = (command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

if (!has('pnpm')) {
  console.log(
    '[setup] pnpm is missing: installing pnpm 9 with npm (corepack’s download fails offline)…',
  );
  run('npm install --global pnpm@9');
}
console.log('[setup] installing dependencies from the lockfile…');
run('pnpm install --frozen-lockfile --reporter=silent');
console.log('[setup] building…');
run('pnpm -s build');
