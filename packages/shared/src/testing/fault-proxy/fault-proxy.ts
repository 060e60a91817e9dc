/**
 * A TCP proxy that injects network faults between a client under test and a real server
 * (Azurite, Redis): latency, a hung server, a server that is down. The tests drive it through
 * its methods, in process.
 *
 * ```ts
 * const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: 10000 } });
 * proxy.latency({ fixedMs: 500, jitterMs: 100 }); // every chunk, both ways
 * proxy.hold();    // accept and read, forward nothing (a hung server)
 * proxy.refuse();  // reset every connection, new ones at once (the server is down)
 * proxy.resume();  // forward again (held bytes go on; the latency setting stays)
 * proxy.passThrough(); // no latency, no hold, no refusal
 * await proxy.close(); // every socket destroyed; idempotent
 * ```
 */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { Gate } from './gate.js';

export interface FaultProxyOptions {
  /** The real server. */
  target: { host: string; port: number };
  /** Loopback port to listen on; default 0 (any free port). */
  port?: number;
}

export interface LatencySettings {
  /** Added to every chunk (`per: 'chunk'`) or to each connection's first chunk each way, ms. */
  fixedMs: number;
  /** Plus a uniform random 0…jitterMs, ms; default 0. */
  jitterMs?: number;
  /** Default `'chunk'`. */
  per?: 'chunk' | 'connection';
}

export interface ProxyStats {
  /** Connections accepted and forwarded since start. */
  accepted: number;
  /** Connections refused (reset on accept) since start. */
  refused: number;
  /** Client connections open now. */
  open: number;
  /** Bytes client → server and server → client written on. */
  bytesUp: number;
  bytesDown: number;
  /** Bytes read but not yet written on (held or delayed), both ways. */
  queuedBytes: number;
}

export interface FaultProxy {
  readonly port: number;
  /** `host:port` of the proxy, for connection strings. */
  readonly address: string;
  latency(settings: LatencySettings): void;
  hold(): void;
  refuse(): void;
  resume(): void;
  passThrough(): void;
  stats(): ProxyStats;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  server: Socket;
  up: Gate;
  down: Gate;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let latency: Required<LatencySettings> = { fixedMs: 0, jitterMs: 0, per: 'chunk' };
  let held = false;
  let refusing = false;
  const pairs = new Set<Pair>();
  const totals = { accepted: 0, refused: 0, bytesUp: 0, bytesDown: 0 };

  const draw = () => latency.fixedMs + Math.random() * latency.jitterMs;
  const timing = {
    chunkDelayMs: () => (latency.per === 'chunk' ? draw() : 0),
    held: () => held,
  };
  const pumpAll = () => {
    for (const pair of pairs) {
      pair.up.pump();
      pair.down.pump();
    }
  };

  const drop = (pair: Pair, reset: boolean) => {
    if (!pairs.delete(pair)) return;
    totals.bytesUp += pair.up.forwarded;
    totals.bytesDown += pair.down.forwarded;
    pair.up.close();
    pair.down.close();
    for (const socket of [pair.client, pair.server]) {
      if (reset && !socket.destroyed) socket.resetAndDestroy();
      else socket.destroy();
    }
  };

  const server = createServer({ allowHalfOpen: true }, (client) => {
    if (refusing) {
      totals.refused += 1;
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    totals.accepted += 1;
    const upstream = connect({ ...options.target, allowHalfOpen: true });
    const first = () => (latency.per === 'connection' ? draw() : 0);
    const pair: Pair = {
      client,
      server: upstream,
      up: new Gate(client, upstream, timing, first()),
      down: new Gate(upstream, client, timing, first()),
    };
    pairs.add(pair);
    // Either side failing or closing ends both: the client sees what it would see from the server.
    for (const socket of [client, upstream]) {
      socket.on('error', () => drop(pair, true));
      socket.on('close', () => drop(pair, false));
    }
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;

  let closing: Promise<void> | undefined;
  return {
    port,
    address: `127.0.0.1:${port}`,
    latency(settings) {
      latency = { jitterMs: 0, per: 'chunk', ...settings };
    },
    hold() {
      held = true;
    },
    refuse() {
      refusing = true;
      for (const pair of [...pairs]) drop(pair, true);
    },
    resume() {
      held = false;
      refusing = false;
      pumpAll();
    },
    passThrough() {
      latency = { fixedMs: 0, jitterMs: 0, per: 'chunk' };
      held = false;
      refusing = false;
      pumpAll();
    },
    stats() {
      let queuedBytes = 0;
      let bytesUp = totals.bytesUp;
      let bytesDown = totals.bytesDown;
      for (const pair of pairs) {
        queuedBytes += pair.up.queuedBytes + pair.down.queuedBytes;
        bytesUp += pair.up.forwarded;
        bytesDown += pair.down.forwarded;
      }
      const { accepted, refused } = totals;
      return { accepted, refused, open: pairs.size, bytesUp, bytesDown, queuedBytes };
    },
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const pair of [...pairs]) drop(pair, false);
        await closed;
      })();
      return closing;
    },
  };
}
