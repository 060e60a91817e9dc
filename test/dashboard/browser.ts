import { spawnSync } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Test output; the README's copies live in docs/screenshots (refreshed with DASHBOARD_SCREENSHOTS=docs). */
export const SCREENSHOTS = join(REPO, '.fleetscore', 'screenshots');
const DOCS_SCREENSHOTS = join(REPO, 'docs', 'screenshots');

/** Debian's Chromium (`apt-get install -y chromium`), as in CI. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the dashboard from its sources, so the test never runs an old bundle. */
export function buildDashboard(): void {
  const result = spawnSync('pnpm', ['--filter', '@fleetscore/dashboard', 'run', 'build'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`dashboard build failed:\n${result.stdout}${result.stderr}`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/** A screenshot of the page into the test output (and into docs/ when asked to refresh them). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  if (process.env.DASHBOARD_SCREENSHOTS === 'docs') {
    await mkdir(DOCS_SCREENSHOTS, { recursive: true });
    await copyFile(path, join(DOCS_SCREENSHOTS, `${name}.png`));
  }
  return path;
}
