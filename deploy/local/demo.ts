/**
 * `npm run demo`: the README's first command. Until the end-to-end demo lands (issue "The main
 * job in one command"), it brings up the local stack, shows the CLI, checks the stack's
 * health through the same adapters the services use, and runs the reference's scoring job.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackEnv, stackSettings, stackUp } from './stack/index.js';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const settings = stackSettings();
await stackUp(settings);
const env = { ...process.env, ...stackEnv(settings) };
const fleetscore = (...args: string[]) =>
  execFileSync(process.execPath, [resolve(repo, 'packages/cli/dist/main.js'), ...args], {
    env,
    stdio: 'inherit',
  });

console.log('\n$ fleetscore --help');
fleetscore('--help');
console.log('\n$ fleetscore health');
fleetscore('health');

// The reference solution's own job, when its data sits beside the repository.
const reference = resolve(repo, '../shared/reference');
if (existsSync(resolve(reference, 'sensor_data.csv'))) {
  const out = resolve(repo, '.fleetscore/demo/reference-predictions');
  console.log('\n$ fleetscore score-csv (the reference job: 15 pickled models, no Python)');
  fleetscore(
    'score-csv',
    '--models',
    resolve(reference, 'models'),
    '--data',
    resolve(reference, 'sensor_data.csv'),
    '--out',
    out,
  );
  console.log(`predictions in ${out}`);
}
console.log('\nThe stack keeps running; stop it with `pnpm stack:down`.');
