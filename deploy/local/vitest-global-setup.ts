/**
 * Integration tests talk to a real Redis and a real Azurite, the dashboard's browser test
 * drives Debian's Chromium, and bench:run's integration test runs the Python loop it is
 * measured against (scikit-learn from Debian's python3-sklearn). This installs what is missing (apt-get, as for redis-server), starts
 * the local stack when it is not up (and stops it afterwards only if it started it), then points
 * the tests at it — so the README's test command passes by itself on a fresh machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureAptPackage } from './stack/apt.js';
import { stackDown, stackEnv, stackSettings, stackStatus, stackUp } from './stack/index.js';

const say = (line: string) => console.log(`[stack] ${line}`);

/** Debian's Chromium at /usr/bin/chromium (test/dashboard/browser.ts), unless CHROMIUM_PATH names another. */
export function ensureChromium(): void {
  if (process.env.CHROMIUM_PATH !== undefined) return;
  ensureAptPackage('chromium', () => existsSync('/usr/bin/chromium'), say);
}

/** scikit-learn for /usr/bin/python3: the baselines bench:run's integration test runs. */
export function ensureScikitLearn(): void {
  const present = () =>
    spawnSync('/usr/bin/python3', ['-c', 'import sklearn, joblib'], { stdio: 'ignore' }).status ===
    0;
  ensureAptPackage('python3-sklearn', present, say);
}

export default async function setup(): Promise<() => Promise<void>> {
  ensureChromium();
  ensureScikitLearn();
  const settings = stackSettings();
  const before = await stackStatus(settings);
  const wasUp = before.redis && before.azurite;
  if (!wasUp) await stackUp(settings, say);
  for (const [name, value] of Object.entries(stackEnv(settings))) {
    process.env[name] ??= value;
  }
  return async () => {
    if (!wasUp) await stackDown(settings, say);
  };
}
