import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Every form a secret could leak in: as is, base64, base64url and URL-encoded. Each names
 * what it is, so a failure says which secret leaked, in which form, and where.
 */
export function secretForms(secrets: Record<string, string>): Array<[string, string]> {
  return Object.entries(secrets).flatMap(([name, value]) => [
    [name, value],
    [`${name} (base64)`, Buffer.from(value).toString('base64')],
    [`${name} (base64url)`, Buffer.from(value).toString('base64url')],
    [`${name} (URL-encoded)`, encodeURIComponent(value)],
  ]);
}

/** The leaks found in `text`: which secret, in which form, with a little context. */
export function leaks(text: string, forms: Array<[string, string]>): string[] {
  return forms.flatMap(([name, form]) => {
    const at = text.indexOf(form);
    if (at < 0) return [];
    return [`${name} at …${text.slice(Math.max(0, at - 80), at).replace(/\s+/g, ' ')}▮`];
  });
}

/** A random secret of letters and digits (no character a URL or log would escape). */
export const randomSecret = (prefix: string) =>
  `${prefix}${Array.from({ length: 3 }, () => Math.random().toString(36).slice(2)).join('')}`;

export interface PasswordRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A redis-server of our own that requires `password`, on `port`, with no persistence in a temp
 * dir: stopping it makes a backend error without touching the shared Redis.
 */
export async function startPasswordRedis(port: number, password: string): Promise<PasswordRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'fleetscore-secrets-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--requirepass', password, '--dir', dir],
    { stdio: 'ignore' },
  );
  child.once('error', () => undefined); // reported below as "did not start"
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`redis-server on port ${port} did not start`);
    }
    await sleep(50);
  }
  return { url: `redis://:${password}@127.0.0.1:${port}`, stop };
}

async function answersPing(port: number): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.setTimeout(1000);
    // Without AUTH a password-protected server answers -NOAUTH: up, and guarded.
    socket.once('data', (data) => {
      socket.destroy();
      resolve(/^[+-]/.test(data.toString()));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
