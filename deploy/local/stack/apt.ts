import { spawnSync } from 'node:child_process';

type Say = (line: string) => void;

/**
 * Installs a Debian package with apt-get when `present()` says it is missing: as root, or
 * through `sudo -n` (never a password prompt). Tries without `apt-get update` first, since a
 * fresh machine's package lists may already be enough and the update takes a while. Throws a
 * message that says what to run by hand when it cannot.
 */
export function ensureAptPackage(pkg: string, present: () => boolean, say: Say): void {
  if (present()) return;
  say(`${pkg} is missing: installing the Debian package ${pkg} with apt-get…`);
  const asRoot = process.getuid?.() === 0;
  const apt = (args: string[]) => {
    const [cmd, argv] = asRoot ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]];
    const result = spawnSync(cmd, argv, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return result.status === 0;
  };
  const installed =
    apt(['install', '-y', '-q', pkg]) ||
    (apt(['update', '-q']) && apt(['install', '-y', '-q', pkg]));
  if (!installed || !present()) {
    throw new Error(
      `could not install ${pkg} with apt-get; install it yourself (apt-get install ${pkg}) and run again`,
    );
  }
  say(`${pkg} installed.`);
}

/** True when `command --version` runs. */
export function answersVersion(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}
