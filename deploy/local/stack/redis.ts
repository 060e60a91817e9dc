import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { answersVersion, ensureAptPackage } from './apt.js';
import { livePid, portInUse, probe, stopFromPidFile, waitFor } from './processes.js';
import { paths, type StackSettings } from './settings.js';

type Say = (line: string) => void;

/** Installs Debian's redis-server when it is missing; the one system package the stack needs. */
export function ensureRedisInstalled(say: Say): void {
  ensureAptPackage('redis-server', () => answersVersion('redis-server'), say);
}

export async function redisAnswers(s: StackSettings): Promise<boolean> {
  const reply = await probe(s.host, s.redisPort, 'PING\r\n').catch(() => '');
  return reply.startsWith('+PONG');
}

/** Starts redis-server (append-only file on) unless ours is already running. */
export async function startRedis(s: StackSettings, say: Say): Promise<void> {
  const p = paths(s);
  if (livePid(p.redisPid, 'redis-server') !== undefined && (await redisAnswers(s))) {
    say(`redis     already running  redis://${s.host}:${s.redisPort}`);
    return;
  }
  if (await portInUse(s.host, s.redisPort)) {
    throw new Error(
      `port ${s.redisPort} is taken by a process this stack did not start; set FLEETSCORE_STACK_REDIS_PORT to a free port`,
    );
  }
  ensureRedisInstalled(say);
  mkdirSync(p.redisData, { recursive: true });
  mkdirSync(p.run, { recursive: true });
  mkdirSync(p.logs, { recursive: true });
  // Daemonized with a pid file, so stack:down can stop exactly this process later.
  execFileSync('redis-server', [
    '--bind',
    s.host,
    '--port',
    String(s.redisPort),
    '--dir',
    p.redisData,
    '--appendonly',
    'yes',
    '--daemonize',
    'yes',
    '--pidfile',
    p.redisPid,
    '--logfile',
    resolve(p.logs, 'redis.log'),
  ]);
  await waitFor('redis-server', () => redisAnswers(s));
  say(`redis     started          redis://${s.host}:${s.redisPort}  (data ${p.redisData})`);
}

export function stopRedis(s: StackSettings, say: Say): Promise<void> {
  return stopFromPidFile('redis', paths(s).redisPid, 'redis-server', say);
}
