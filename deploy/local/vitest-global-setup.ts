/**
 * Integration tests talk to a real Redis and a real Azurite. This starts the local stack when
 * it is not up (and stops it afterwards only if it started it), then points the tests at it.
 */
import { stackDown, stackEnv, stackSettings, stackStatus, stackUp } from './stack/index.js';

export default async function setup(): Promise<() => Promise<void>> {
  const settings = stackSettings();
  const before = await stackStatus(settings);
  const wasUp = before.redis && before.azurite;
  if (!wasUp) await stackUp(settings, (line) => console.log(`[stack] ${line}`));
  for (const [name, value] of Object.entries(stackEnv(settings))) {
    process.env[name] ??= value;
  }
  return async () => {
    if (!wasUp) await stackDown(settings, (line) => console.log(`[stack] ${line}`));
  };
}
