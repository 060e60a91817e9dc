import type { Ledger, RunQuery, RunRecord } from './ledger.js';
import { MAX_RUN_PAGE } from './run-pages.js';

/**
 * Every run of `query` (window start in `[from, to)`, of one state if given), newest first,
 * read a page of `MAX_RUN_PAGE` at a time as the loop asks for them: breaking out of it reads
 * no further page.
 */
export async function* allRuns(
  ledger: Pick<Ledger, 'listRuns'>,
  query: Omit<RunQuery, 'limit' | 'continuation'>,
): AsyncGenerator<RunRecord, void, undefined> {
  let continuation: string | undefined;
  do {
    const page = await ledger.listRuns({
      ...query,
      limit: MAX_RUN_PAGE,
      ...(continuation !== undefined ? { continuation } : {}),
    });
    yield* page.items;
    continuation = page.continuation;
  } while (continuation !== undefined);
}
