import { describe, expect, it } from 'vitest';
import { allRuns } from './all-runs.js';
import type { Page, RunQuery, RunRecord } from './ledger.js';
import { MAX_RUN_PAGE } from './run-pages.js';

/** A ledger whose `listRuns` serves `pages` in order, recording each query. */
function pagedLedger(pages: string[][]) {
  const queries: RunQuery[] = [];
  return {
    queries,
    async listRuns(query: RunQuery): Promise<Page<RunRecord>> {
      queries.push(query);
      const at = query.continuation === undefined ? 0 : Number(query.continuation);
      const items = (pages[at] ?? []).map((id) => ({ id }) as RunRecord);
      return at + 1 < pages.length ? { items, continuation: String(at + 1) } : { items };
    },
  };
}

const from = new Date('2024-01-01T00:00:00Z');
const to = new Date('2024-01-02T00:00:00Z');

describe('allRuns', () => {
  it('reads every page in full pages, passing each continuation back, and keeps the query', async () => {
    const ledger = pagedLedger([['a', 'b'], [], ['c']]);
    const ids: string[] = [];
    for await (const run of allRuns(ledger, { from, to, state: 'running' })) ids.push(run.id);
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(ledger.queries).toEqual([
      { from, to, state: 'running', limit: MAX_RUN_PAGE },
      { from, to, state: 'running', limit: MAX_RUN_PAGE, continuation: '1' },
      { from, to, state: 'running', limit: MAX_RUN_PAGE, continuation: '2' },
    ]);
  });

  it('reads no further page once the loop stops', async () => {
    const ledger = pagedLedger([['a', 'b'], ['c']]);
    for await (const run of allRuns(ledger, { from, to })) if (run.id === 'b') break;
    expect(ledger.queries).toHaveLength(1);
  });
});
