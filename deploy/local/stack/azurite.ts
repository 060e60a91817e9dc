import { spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { livePid, portInUse, probe, stopFromPidFile, waitFor } from './processes.js';
import { paths, type StackSettings } from './settings.js';

type Say = (line: string) => void;

/** Azurite's own entry point from the npm package (no global install, no download). */
function azuriteBin(): string {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve('azurite/package.json');
  return resolve(dirname(pkgJson), 'dist/src/azurite.js');
}

async function httpAnswers(host: string, port: number): Promise<boolean> {
  const reply = await probe(host, port, `GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`).catch(() => '');
  return reply.startsWith('HTTP/');
}

export async function azuriteAnswers(s: StackSettings): Promise<boolean> {
  const ports = [s.blobPort, s.queuePort, s.tablePort];
  const answers = await Promise.all(ports.map((port) => httpAnswers(s.host, port)));
  return answers.every(Boolean);
}

/** Starts Azurite (blob, queue, table) detached, unless ours is already running. */
export async function startAzurite(s: StackSettings, say: Say): Promise<void> {
  const p = paths(s);
  const where = `blob :${s.blobPort} queue :${s.queuePort} table :${s.tablePort}`;
  if (livePid(p.azuritePid, 'azurite') !== undefined && (await azuriteAnswers(s))) {
    say(`azurite   already running  ${where}`);
    return;
  }
  for (const port of [s.blobPort, s.queuePort, s.tablePort]) {
    if (await portInUse(s.host, port)) {
      throw new Error(
        `port ${port} is taken by a process this stack did not start; set FLEETSCORE_STACK_BLOB_PORT / _QUEUE_PORT / _TABLE_PORT to free ports`,
      );
    }
  }
  mkdirSync(p.azuriteData, { recursive: true });
  mkdirSync(p.run, { recursive: true });
  mkdirSync(p.logs, { recursive: true });
  const log = openSync(resolve(p.logs, 'azurite.log'), 'a');
  const child = spawn(
    process.execPath,
    [
      azuriteBin(),
      '--location',
      p.azuriteData,
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--blobHost',
      s.host,
      '--blobPort',
      String(s.blobPort),
      '--queueHost',
      s.host,
      '--queuePort',
      String(s.queuePort),
      '--tableHost',
      s.host,
      '--tablePort',
      String(s.tablePort),
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  if (child.pid === undefined) throw new Error('could not start Azurite');
  writeFileSync(p.azuritePid, String(child.pid));
  child.unref();
  await waitFor('Azurite', () => azuriteAnswers(s), 60_000);
  say(`azurite   started          ${where}  (data ${p.azuriteData})`);
}

export function stopAzurite(s: StackSettings, say: Say): Promise<void> {
  return stopFromPidFile('azurite', paths(s).azuritePid, 'azurite', say);
}
