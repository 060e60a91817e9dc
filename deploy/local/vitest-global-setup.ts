/**
 * Integration tests talk to a real Redis and a real Azurite, and the dashboard's browser test
 * drives Debian's Chromium. This installs what is missing (apt-get, as for redis-server), starts
 * the local stack when it is not up (and stops it afterwards only if it started it), then points
 * the tests at it — so the README's test command passes by itself on a fresh machine.
 */
import { existsSync } from 'node:fs';
import { ensureAptPackage } from './stack/apt.js';
import { stackDown, stackEnv, stackSettings, stackStatus, stackUp } from './stack/index.js';

const say = (line: string) => console.log(`[stack] ${line}`);

/** Debian's Chromium at /usr/bin/chromium (test/dashboard/browser.ts), unless CHROMIUM_PATH names another. */
export function ensureChromium(): void {
  if (process.env.CHROMIUM_PATH !== undefined) return;
  ensureAptPackage('chromium', () => existsSync('/usr/bin/chromium'), say);
}

export default async function setup(): Promise<() => Promise<void>> {
  ensureChromium();
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
