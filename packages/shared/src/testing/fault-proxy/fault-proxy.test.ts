/**
 * The fault proxy against a local echo server: what each control does to a real TCP client.
 * The only timing asserted is the proxy's own floor (a delayed echo takes at least the delay
 * it was given); nothing asserts an upper bound.
 */
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from './fault-proxy.js';

let echo: Server;
let echoPort: number;
let proxy: FaultProxy;
const clients: Socket[] = [];

beforeEach(async () => {
  echo = createServer((socket) => {
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  echoPort = (echo.address() as { port: number }).port;
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: echoPort } });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await proxy.close();
  await new Promise((resolve) => echo.close(resolve));
});

async function dial(): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port: proxy.port });
  clients.push(socket);
  socket.on('error', () => {});
  await once(socket, 'connect');
  return socket;
}

/** Resolves with the first `bytes` bytes the socket receives. */
function receive(socket: Socket, bytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.length >= bytes) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`closed after ${text.length} bytes`)));
  });
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves when the socket closes, reset or not (`once` would reject on the reset's error). */
const closed = (socket: Socket) =>
  new Promise<void>((resolve) => socket.once('close', () => resolve()));

const echoConnections = () =>
  new Promise<number>((resolve, reject) =>
    echo.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );

describe('fault proxy', () => {
  it('passes bytes both ways unchanged', async () => {
    const socket = await dial();
    const reply = receive(socket, 11);
    socket.write('hello proxy');
    expect(await reply).toBe('hello proxy');
    expect(proxy.stats()).toMatchObject({ accepted: 1, open: 1, bytesUp: 11, bytesDown: 11 });
  });

  it('delays every chunk by at least the fixed latency, each way, in order', async () => {
    proxy.latency({ fixedMs: 150, jitterMs: 20 });
    const socket = await dial();
    const reply = receive(socket, 6);
    const started = performance.now();
    socket.write('abc');
    socket.write('def');
    expect(await reply).toBe('abcdef');
    // Up and down are each delayed: a round trip takes twice the fixed part at least.
    expect(performance.now() - started).toBeGreaterThanOrEqual(300 - 5);
  });

  it('delays only the first chunk of a connection with per: connection', async () => {
    proxy.latency({ fixedMs: 200, per: 'connection' });
    const socket = await dial();
    const started = performance.now();
    const first = receive(socket, 1);
    socket.write('a');
    await first;
    expect(performance.now() - started).toBeGreaterThanOrEqual(400 - 5);
    // The second exchange carries no added delay; only its correctness is checked here.
    const second = receive(socket, 1);
    socket.write('b');
    expect(await second).toBe('b');
  });

  it('holds bytes while held and delivers them on resume', async () => {
    const socket = await dial();
    proxy.hold();
    let got = '';
    socket.on('data', (chunk: Buffer) => (got += chunk.toString()));
    socket.write('held bytes');
    await until(() => proxy.stats().queuedBytes === 10, 'the bytes to be queued');
    expect(proxy.stats().bytesUp).toBe(0);
    expect(got).toBe('');
    proxy.resume();
    await until(() => got === 'held bytes', 'the echo after resume');
  });

  it('accepts new connections while held but forwards nothing', async () => {
    proxy.hold();
    const socket = await dial();
    socket.write('x');
    await until(() => proxy.stats().queuedBytes === 1, 'the byte to be queued');
    const reply = receive(socket, 1);
    proxy.passThrough();
    expect(await reply).toBe('x');
  });

  it('resets open connections and new ones while refusing, and recovers on resume', async () => {
    const open = await dial();
    const reset = closed(open);
    proxy.refuse();
    await reset;
    expect(open.destroyed).toBe(true);

    const refused = connect({ host: '127.0.0.1', port: proxy.port });
    clients.push(refused);
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      refused.once('error', resolve);
      refused.once('close', () => resolve(undefined));
    });
    // A reset on accept: the client sees ECONNRESET (or a close with no data on some kernels).
    if (error) expect(error.code).toBe('ECONNRESET');
    expect(proxy.stats().refused).toBe(1);

    proxy.resume();
    const socket = await dial();
    const reply = receive(socket, 4);
    socket.write('back');
    expect(await reply).toBe('back');
  });

  it('resets the client when the target is down', async () => {
    await proxy.close();
    proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: 1 } });
    const socket = connect({ host: '127.0.0.1', port: proxy.port });
    clients.push(socket);
    socket.on('error', () => {});
    await closed(socket);
    await until(() => proxy.stats().open === 0, 'the pair to be dropped');
  });

  it('leaves no socket open on either side after close', async () => {
    proxy.latency({ fixedMs: 50 });
    const sockets = await Promise.all([dial(), dial(), dial()]);
    for (const socket of sockets) socket.write('pending');
    await until(async () => (await echoConnections()) === 3, 'three upstream connections');
    const ended = sockets.map(closed);
    await proxy.close();
    await Promise.all(ended);
    expect(proxy.stats().open).toBe(0);
    await until(async () => (await echoConnections()) === 0, 'the upstream sockets to close');
    // Closing twice is harmless.
    await proxy.close();
  });
});
