// Node 24 for every command of this repository, whatever Node the machine has.
//
// Fleetscore runs on Node 24 LTS (.node-version; Node 20 reached end of life on 2026-04-30).
// When the Node running this file is older, the pinned Node 24 is installed from the npm
// registry into the project's own folder (.fleetscore/toolchain) — never over the system's —
// and put first on PATH for every command started from here. The registry publishes Node's
// official binaries per platform as `node-<platform>-<arch>` (what the `node` package picks).
// Plain JavaScript: it runs before anything is installed.
//
//   node deploy/local/toolchain.mjs   prints the folder to put first on PATH (nothing when the
//                                     running Node is recent enough), for shell scripts (.ci/run)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TOOLCHAIN = join(ROOT, '.fleetscore', 'toolchain');

/** The exact Node version the project runs on, from `.node-version` (e.g. "24.22.3"). */
export function wantedNode() {
  const version = readFileSync(join(ROOT, '.node-version'), 'utf8').trim();
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`.node-version must hold an exact version such as 24.22.3, not "${version}"`);
  }
  return version;
}

const major = (version) => Number(version.split('.')[0]);

function installedVersion(pkg) {
  try {
    const manifest = join(TOOLCHAIN, 'node_modules', pkg, 'package.json');
    return JSON.parse(readFileSync(manifest, 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * The folder to put first on PATH so that `node` is Node 24, or undefined when the Node running
 * this file already is (a machine or image with Node 24, or a command started from here).
 * Installs the pinned version into .fleetscore/toolchain when it is missing or another version.
 */
export function ensureNode(say = (line) => console.error(`[node] ${line}`)) {
  const wanted = wantedNode();
  if (major(process.versions.node) >= major(wanted)) return undefined;
  const pkg = `node-${process.platform}-${process.arch}`;
  const bin = join(TOOLCHAIN, 'node_modules', '.bin');
  if (installedVersion(pkg) === wanted && existsSync(join(bin, 'node'))) return bin;
  say(
    `this machine's Node is ${process.version}; installing Node ${wanted} (${pkg} from the npm registry) into .fleetscore/toolchain — the system's Node is left as it is…`,
  );
  const npm = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      TOOLCHAIN,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `${pkg}@${wanted}`,
    ],
    // npm's output goes to stderr: stdout is the answer when this file runs as a command.
    { stdio: ['ignore', 2, 2] },
  );
  const check = spawnSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' });
  if (npm.status !== 0 || check.stdout?.trim() !== `v${wanted}`) {
    throw new Error(
      `could not install Node ${wanted} from the npm registry (package ${pkg}); install Node ${major(wanted)} yourself (https://nodejs.org) and run again`,
    );
  }
  say(`Node ${wanted} installed in .fleetscore/toolchain.`);
  return bin;
}

/** process.env with `bin` first on PATH (unchanged when bin is undefined). */
export function envWith(bin, env = process.env) {
  if (bin === undefined) return env;
  return { ...env, PATH: [bin, env.PATH ?? ''].filter(Boolean).join(delimiter) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensureNode() ?? '');
  } catch (error) {
    console.error(`[node] ${error.message}`);
    process.exit(1);
  }
}
