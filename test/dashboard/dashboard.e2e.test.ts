import { HOUR_MS, parseEntityKey } from '@fleetscore/shared';
import type { RunRecord } from '@fleetscore/shared/ledger';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard, launchChromium, screenshot } from './browser.js';
import { API_KEY, type Fleet, sensors, startFleet } from './fleet.js';

// The dashboard in Debian's Chromium against the scheduler's real API on the local stack, after
// a real run: the scorer's code scored real windows with fitted models, the reconciler wrote the
// report. Every wait is on a selector or a polled state, never a fixed delay.

const ENTITIES = sensors(3, 2);
const BROKEN = { device: 'dev9', sensor: 's0' };
const TIMEOUT = { timeout: 30_000 };

let fleet: Fleet;
let browser: Browser;
let page: Page;
let run: RunRecord;
let broken: RunRecord;
/** Uncaught errors in the page: none may happen. */
const pageErrors: string[] = [];

beforeAll(async () => {
  buildDashboard();
  fleet = await startFleet();
  // Three hours ago, so that the runs list's default range (the last 7 days) holds it.
  const hour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 3 * HOUR_MS;
  await fleet.registerModels([...ENTITIES, BROKEN]);
  await fleet.writeWindows(ENTITIES, hour);
  await fleet.writeCorruptWindows(BROKEN.device, hour + HOUR_MS);
  fleet.startScorers(['worker-a', 'worker-b']);
  const trigger = { kind: 'api' } as const;
  const started = await fleet.runs.trigger({
    from: new Date(hour),
    to: new Date(hour + HOUR_MS),
    entities: ENTITIES.map((e) => `${e.device}/${e.sensor}`),
    trigger,
  });
  run = await fleet.untilEnded(started.id);
  // A run whose only job reads a corrupt window blob: the scorer dead-letters it.
  const failing = await fleet.runs.trigger({
    from: new Date(hour + HOUR_MS),
    to: new Date(hour + 2 * HOUR_MS),
    entities: [`${BROKEN.device}/${BROKEN.sensor}`],
    trigger,
  });
  broken = await fleet.untilEnded(failing.id);
  // No consumer from here on: a replayed job stays on the queue where the test can see it.
  await fleet.stopScorers();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  if (process.env.DASHBOARD_E2E_CONSOLE === '1') page.on('console', (m) => console.log(m.text()));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await fleet?.close();
});

describe('dashboard (Chromium, real API)', () => {
  it('asks for the API key once and lists the run', async () => {
    expect(run.state).toBe('succeeded');
    await page.goto(`${fleet.url}/`);
    // Without a key the API answers 401, and the key box says so.
    await page.locator('.key-needed').waitFor(TIMEOUT);
    await page.fill('input[name="api-key"]', API_KEY);
    await page.click('header button[type="submit"]');
    const row = page.locator('table.runs tr', {
      has: page.locator(`a.run-link:text-is("${run.id}")`),
    });
    await row.waitFor(TIMEOUT);
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[2]).toBe('succeeded');
    expect(cells.slice(5, 10).map(Number)).toEqual([
      run.totals!.entities,
      run.totals!.scored,
      run.totals!.failed,
      run.totals!.noData,
      run.totals!.anomalies,
    ]);
    // Kept for the session (the test's tsconfig has no DOM types: an expression string).
    expect(await page.evaluate("sessionStorage.getItem('fleetscore.apiKey')")).toBe(API_KEY);
    await screenshot(page, 'runs');
  });

  it("shows the run's Gantt by worker and its anomaly heat map", async () => {
    await page.click(`a.run-link:text-is("${run.id}")`);
    await page.locator('svg.gantt rect.job-bar').first().waitFor(TIMEOUT);
    await page.locator('svg.heatmap rect.heat-cell').first().waitFor(TIMEOUT);
    const jobs = await fleet.ledger.listJobs(run.id);
    expect(await page.locator('svg.gantt rect.job-bar').count()).toBe(jobs.length);
    const workers = [...new Set(jobs.map((job) => job.workerId))].sort();
    const lanes = await page.locator('svg.gantt text.lane-label').allTextContents();
    expect(lanes.sort()).toEqual(workers);
    // Every scored entity is in the map, and its cells add up to the run's anomalies.
    const report = await fleet.runs.report(run.id);
    const scored = report!.entities.filter((e) => e.status === 'scored');
    expect(await page.locator('svg.heatmap a.entity-link').count()).toBe(scored.length);
    const counted = await page.$$eval('svg.heatmap rect.heat-cell', (cells) =>
      cells.reduce(
        (sum, cell) => ({
          rows: sum.rows + Number(cell.getAttribute('data-rows')),
          anomalies: sum.anomalies + Number(cell.getAttribute('data-anomalies')),
        }),
        { rows: 0, anomalies: 0 },
      ),
    );
    expect(counted).toEqual({ rows: run.totals!.rows, anomalies: run.totals!.anomalies });
    expect(run.totals!.anomalies).toBeGreaterThan(0);
    // The log blobs are named (the API serves no blob content).
    const logs = await page.locator('table.jobs code').allTextContents();
    expect(logs.sort()).toEqual(jobs.map((job) => job.log).sort());
    await screenshot(page, 'run-detail', { fullPage: true });
  });

  it('shows an entity: its window values with anomalies, and the model version', async () => {
    const link = page.locator('svg.heatmap a.entity-link').first();
    const entity = (await link.getAttribute('data-entity'))!;
    await link.click();
    await page.locator('.chart canvas').first().waitFor(TIMEOUT);
    expect(new URL(page.url()).pathname).toBe(`/entities/${entity}`);
    const model = await fleet.registry.get(parseEntityKey(entity)!);
    await expect
      .poll(() => page.locator('.model').textContent(), TIMEOUT)
      .toContain(`Model v${model!.current}`);
    // A reload is a deep link: the scheduler answers it with the app, the key is still there.
    await page.reload();
    await page.locator('.chart canvas').first().waitFor(TIMEOUT);
    await screenshot(page, 'entity');
  });

  it('lists a dead letter with its reason and replays it', async () => {
    const id = `${broken.id}/0`;
    await page.goto(`${fleet.url}/dead-letters`);
    const button = page.locator(`button.replay[data-id="${id}"]`);
    await button.waitFor(TIMEOUT);
    const job = await fleet.ledger.getJob(broken.id, 0);
    expect(job?.state).toBe('dead-lettered');
    const letter = (await fleet.queue.deadLetters({ limit: 100 })).letters.find((l) => l.id === id);
    const row = page.locator('table.dead-letters tr', { has: button });
    expect(await row.locator('.reason').textContent()).toBe(letter!.reason);
    await screenshot(page, 'dead-letters');
    await button.click();
    await page.locator('.status.ok', { hasText: `Replayed ${id}` }).waitFor(TIMEOUT);
    await button.waitFor({ state: 'detached', ...TIMEOUT });
    const { letters } = await fleet.queue.deadLetters({ limit: 100 });
    expect(letters.map((letter) => letter.id)).not.toContain(id);
    expect((await fleet.ledger.getJob(broken.id, 0))?.state).toBe('queued');
  });

  it('raised no uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
