/**
 * The dead letters of a BullMQ queue — its `failed` sorted set, scored by the time each job
 * failed for good (ms) — a page at a time, oldest first. The continuation is the last entry's
 * (score, id), not an offset: a replay (which removes its job from the set) or a new failure
 * (added at the end) moves no other letter across a page boundary. Entries with the same score
 * are ordered by id, as Redis orders them (bytewise), and compared here the same way.
 */
import type { Job, Queue } from 'bullmq';
import { z } from 'zod';
import { decodePageToken, encodePageToken } from '../../contracts/page-token.js';
import type { DeadLetterListing } from '../../ports/job-queue.js';
import { bullMqDeadLetter } from './bullmq-reads.js';

const cursorSchema = z.object({ s: z.number().int().nonnegative(), i: z.string().min(1) });
type Cursor = z.output<typeof cursorSchema>;

/**
 * One round trip: the members that share the cursor's score (ties, normally none or a few) and
 * the next `count` after it. KEYS[1] the failed set; ARGV: score ('' from the start), count.
 */
const FAILED_AFTER = {
  name: 'fleetscoreFailedAfter',
  numberOfKeys: 1,
  lua: `local ties = {}
local min = '-inf'
if ARGV[1] ~= '' then
  ties = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])
  min = '(' .. ARGV[1]
end
local rest = redis.call('ZRANGEBYSCORE', KEYS[1], min, '+inf', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
return {ties, rest}`,
};

/** The failed set's entries after `cursor`, up to `count`, in set order. */
async function entriesAfter<T>(
  queue: Queue<Job<T, void, string>>,
  cursor: Cursor | undefined,
  count: number,
): Promise<Cursor[]> {
  const client = await queue.getBackend().client;
  client.defineCommand(FAILED_AFTER.name, FAILED_AFTER);
  const [ties, rest] = (await client.runCommand(FAILED_AFTER.name, [
    queue.toKey('failed'),
    cursor === undefined ? '' : String(cursor.s),
    count,
  ])) as [string[], string[]];
  const after = cursor
    ? ties
        .filter((id) => Buffer.compare(Buffer.from(id), Buffer.from(cursor.i)) > 0)
        .map((i) => ({ s: cursor.s, i }))
    : [];
  const next: Cursor[] = [];
  for (let k = 0; k + 1 < rest.length; k += 2) next.push({ i: rest[k]!, s: Number(rest[k + 1]) });
  return [...after, ...next].slice(0, count);
}

export async function bullMqDeadLetterPage<T>(
  queue: Queue<Job<T, void, string>>,
  limit: number,
  continuation: string | undefined,
): Promise<DeadLetterListing<T>> {
  const cursor =
    continuation === undefined ? undefined : decodePageToken(cursorSchema, continuation);
  // One more than the page: whether there is a next page.
  const entries = await entriesAfter(queue, cursor, limit + 1);
  const page = entries.slice(0, limit);
  const jobs = await Promise.all(page.map((entry) => queue.getJob(entry.i)));
  // A job replayed since the read is no longer a dead letter (and may be running).
  const letters = jobs
    .filter((job): job is Job<T, void, string> => job !== undefined && job.finishedOn !== undefined)
    .map((job) => bullMqDeadLetter<T>(job));
  const last = page.at(-1);
  return entries.length > limit && last
    ? { letters, continuation: encodePageToken(last) }
    : { letters };
}
