import { readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** The pid in a pid file, if the file exists and names a live process whose command matches. */
export function livePid(pidFile: string, commandPart: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    // A pid file can outlive its process and the pid be reused: check it is still ours.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(commandPart) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; removes the pid file. */
export async function stopPid(pid: number, pidFile: string, graceMs = 10_000): Promise<void> {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(pidFile, { force: true });
}

/**
 * Stops the stack's process of `pidFile` when it is live and its command holds `commandPart`,
 * and says what it did on a line that starts with `label`, padded as the stack's lines are.
 */
export async function stopFromPidFile(
  label: string,
  pidFile: string,
  commandPart: string,
  say: (line: string) => void,
): Promise<void> {
  const pid = livePid(pidFile, commandPart);
  if (pid === undefined) return say(`${label.padEnd(10)}not running (no live pid file)`);
  await stopPid(pid, pidFile);
  say(`${label.padEnd(10)}stopped (pid ${pid})`);
}

/** Sends `request` over TCP and resolves with the first bytes answered (or rejects). */
export function probe(host: string, port: number, request: string, timeoutMs = 1000) {
  return new Promise<string>((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer from ${host}:${port}`)));
    socket.once('error', fail);
    socket.once('connect', () => socket.write(request));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString('latin1'));
    });
  });
}

export async function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`${what} did not answer within ${timeoutMs / 1000} s`);
}
