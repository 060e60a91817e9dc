import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Lua scripts, each run atomically by Redis (no other command interleaves). They are sent by
 * SHA and re-sent in full once after a NOSCRIPT reply (a restarted or flushed script cache).
 */
export interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

export async function runScript(
  redis: Redis,
  { source, sha }: Script,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(source, keys.length, ...keys, ...args);
  }
}

/**
 * Appends a batch. KEYS: stream and sequence key of each event, in pairs. ARGV[1]: MAXLEN (0 =
 * no trimming), then partition key, body JSON and properties JSON per event. Each entry gets
 * the next per-partition sequence number in the same atomic step as its XADD.
 *
 * A partition's counter starts at the server's clock in microseconds since the epoch (≈ 1.8e15,
 * an exact integer in a double until the 2250s), not at 0: when Redis loses its state (a
 * FLUSHALL, a restart without persistence) the new counter starts above every number handed out
 * before, so a consumer whose checkpoint lives elsewhere (the aggregator's state blob) sees the
 * new events as new instead of skipping them as already saved.
 */
export const publishScript = script(`
local maxLen = tonumber(ARGV[1])
for i = 1, #KEYS / 2 do
  if redis.call('EXISTS', KEYS[2 * i]) == 0 then
    local now = redis.call('TIME')
    redis.call('SET', KEYS[2 * i], string.format('%d', tonumber(now[1]) * 1000000 + tonumber(now[2])))
  end
  local seq = redis.call('INCR', KEYS[2 * i]) - 1
  local a = 2 + (i - 1) * 3
  if maxLen > 0 then
    redis.call('XADD', KEYS[2 * i - 1], 'MAXLEN', '~', maxLen, '*',
      'seq', seq, 'key', ARGV[a], 'body', ARGV[a + 1], 'props', ARGV[a + 2])
  else
    redis.call('XADD', KEYS[2 * i - 1], '*',
      'seq', seq, 'key', ARGV[a], 'body', ARGV[a + 1], 'props', ARGV[a + 2])
  end
end
return #KEYS / 2
`);

/**
 * Reads new entries only while holding the lease, so a subscriber that has lost its lease can
 * never move entries into the group's pending list behind the new owner's back. KEYS: stream,
 * lease. ARGV: owner id, group, consumer, count. Returns {-1} when the lease is not ours,
 * {1, entries} when there are new entries, else {0, id of the newest entry} to block after.
 */
export const fencedReadScript = script(`
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return {-1} end
local r = redis.call('XREADGROUP', 'GROUP', ARGV[2], ARGV[3], 'COUNT', ARGV[4],
  'STREAMS', KEYS[1], '>')
if r then return {1, r[1][2]} end
local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if top[1] then return {0, top[1][1]} end
return {0, '0-0'}
`);

/** KEYS: lease. ARGV: owner id, lease ms. 1 when renewed, 0 when the lease is not ours. */
export const renewLeaseScript = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`);

/** KEYS: lease. ARGV: owner id. Deletes the lease only if it is still ours. */
export const releaseLeaseScript = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * Membership heartbeat on the server's clock (no skew between hosts). KEYS: members. ARGV:
 * member id, ttl ms, '1' to leave. Drops expired members and returns the live ones.
 */
export const heartbeatScript = script(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if ARGV[3] == '1' then
  redis.call('ZREM', KEYS[1], ARGV[1])
else
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
  if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
end
return redis.call('ZRANGE', KEYS[1], 0, -1)
`);

/**
 * The checkpoint: acknowledges every pending entry of the group up to and including an id.
 * KEYS: stream. ARGV: group, id. Returns how many entries were acknowledged.
 */
export const ackUpToScript = script(`
local acked = 0
while true do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], '-', ARGV[2], 1000)
  if #p == 0 then break end
  local ids = {}
  for i, e in ipairs(p) do ids[i] = e[1] end
  acked = acked + redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))
  if #p < 1000 then break end
end
return acked
`);
