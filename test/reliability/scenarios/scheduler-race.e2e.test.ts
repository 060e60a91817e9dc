/**
 * Scenario 7 (docs/reliability.md): four scheduler replicas — two on the true clock, one
 * 90 s slow, one 20 s fast — catch up a 5-minute outage together and race for the next tick.
 */
import { describe, expect, it } from 'vitest';
import { formatTable, saveRow } from '../table.js';
import { schedulerRaceScenario } from './scheduler-race.js';

const say = (line: string) => process.stderr.write(`[scheduler-race] ${line}\n`);

describe('scenario 7: scheduler replicas racing, clocks skewed', () => {
  it('creates exactly one run per tick, skips none, and enqueues each once', async () => {
    const row = await schedulerRaceScenario({ say });
    saveRow({ ...row, size: 'ci', at: new Date().toISOString() });
    say(`\n${formatTable([row])}`);
    expect(row.violations).toEqual([]);
  }, 300_000);
});
