// First step of `npm run demo` / `npm test` on a fresh machine: makes sure pnpm is there,
// installs the locked dependencies and builds. Plain JavaScript: it runs before anything is
// installed. Idempotent and quick when everything is already in place.
import { spawnSync } from 'node:child_process';

function run(what, command, args) {
  console.log(`[setup] ${what}…`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      `[setup] failed while ${what} (\`${[command, ...args].join(' ')}\` exited ${result.status ?? result.signal}); see its output above`,
    );
    process.exit(1);
  }
}
const has = (command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

if (!has('pnpm')) {
  run('installing pnpm 9 with npm (corepack’s download fails offline)', 'npm', [
    'install',
    '--global',
    'pnpm@9',
  ]);
}
run('installing dependencies from the lockfile', 'pnpm', [
  'install',
  '--frozen-lockfile',
  '--reporter=silent',
]);
run('building', 'pnpm', ['-s', 'build']);
