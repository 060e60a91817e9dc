import {
  type BlobStore,
  decodePageToken,
  encodePageToken,
  type PredictionBody,
  parseEntityKey,
  parsePredictionsBlobName,
  predictionsHourPrefixes,
} from '@fleetscore/shared';
import type { Ledger, Page } from '@fleetscore/shared/ledger';
import pMap from 'p-map';
import { z } from 'zod';
import {
  comparePosition,
  type FoundRow,
  latestRows,
  readPredictionRows,
} from './prediction-rows.js';

export interface PredictionQuery {
  entity: string;
  from: Date;
  to: Date;
  limit: number;
  continuation?: string;
}

const positionToken = z.object({
  b: z.string().startsWith('predictions/'),
  r: z.number().int().nonnegative(),
});
/**
 * Blobs (or runs) read at once. The first failed read fails the query, and no further read is
 * started after it (p-map's `stopOnError`).
 */
const READ_CONCURRENCY = 8;

/**
 * An entity's predictions in `[from, to)`, from the prediction blobs of the hours in range
 * (a run files its rows under the hour of its window start). Every page reads the range whole,
 * because a later run anywhere in it may replace a row (`latestRows`): the API bounds a query
 * to 7 days. The token is the (blob, row) position of the next row.
 */
export async function queryPredictions(
  deps: { blobs: BlobStore; ledger: Ledger },
  query: PredictionQuery,
): Promise<Page<PredictionBody>> {
  const entity = parseEntityKey(query.entity);
  if (entity === undefined) throw new RangeError(`not an entity key: ${query.entity}`);
  const start = query.continuation ? decodePageToken(positionToken, query.continuation) : undefined;
  const from = query.from.getTime();
  const to = query.to.getTime();

  const listed = await pMap(
    predictionsHourPrefixes(from, to),
    async (prefix) => {
      const names: string[] = [];
      for await (const item of deps.blobs.list(prefix))
        if (parsePredictionsBlobName(item.name)) names.push(item.name);
      return names;
    },
    { concurrency: READ_CONCURRENCY },
  );
  const names = listed.flat();
  const rank = await runRanks(deps.ledger, names);
  const read = await pMap(
    names,
    async (name) => {
      const blob = await deps.blobs.get(name);
      return blob ? readPredictionRows(name, blob.body.toString('utf8'), { entity, from, to }) : [];
    },
    { concurrency: READ_CONCURRENCY },
  );
  const rows = latestRows(read.flat(), (runId) => rank.get(runId) ?? -1);
  const remaining = start
    ? rows.filter((row) => comparePosition(row, { blob: start.b, row: start.r }) >= 0)
    : rows;
  const items = remaining.slice(0, query.limit).map((row) => row.prediction);
  const next: FoundRow | undefined = remaining[query.limit];
  return next ? { items, continuation: encodePageToken({ b: next.blob, r: next.row }) } : { items };
}

/** Runs ranked by creation time (the ledger's `createdAt`; a run it no longer has ranks first). */
async function runRanks(ledger: Ledger, names: readonly string[]): Promise<Map<string, number>> {
  const ids = [
    ...new Set(
      names.map((name) => parsePredictionsBlobName(name)?.runId).filter((id) => id !== undefined),
    ),
  ];
  const created = await pMap(
    ids,
    async (id) => {
      const run = await ledger.getRun(id);
      return run ? Date.parse(run.createdAt) : Number.NEGATIVE_INFINITY;
    },
    { concurrency: READ_CONCURRENCY },
  );
  return new Map(ids.map((id, i) => [id, created[i] ?? Number.NEGATIVE_INFINITY]));
}
