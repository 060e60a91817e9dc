/**
 * One direction of a proxied connection: chunks read from `from` are written to `to` in order,
 * each no earlier than its arrival time plus the delay the fault settings give it, and none
 * while the gate is held. This models latency (every chunk late by d), not a bandwidth limit:
 * chunks arriving together leave together.
 */
import type { Socket } from 'node:net';

/** Bytes queued in one direction before the source is paused (backpressure). */
const HIGH_WATER_BYTES = 1 << 20;

export interface GateTiming {
  /** Extra delay of this chunk, ms (fixed + jitter, drawn by the proxy). */
  chunkDelayMs(): number;
  /** True while the proxy holds traffic (a hung server). */
  held(): boolean;
}

interface Queued {
  chunk: Buffer;
  /** `performance.now()` before which it must not be written. */
  due: number;
}

export class Gate {
  readonly #from: Socket;
  readonly #to: Socket;
  readonly #timing: GateTiming;
  readonly #queue: Queued[] = [];
  #queuedBytes = 0;
  #timer: NodeJS.Timeout | undefined;
  #ended = false;
  #closed = false;
  /** Bytes written on to `to`. */
  forwarded = 0;
  /** Extra delay before the first chunk, ms (per-connection latency); consumed once. */
  #firstDelayMs: number;

  constructor(from: Socket, to: Socket, timing: GateTiming, firstDelayMs = 0) {
    this.#from = from;
    this.#to = to;
    this.#timing = timing;
    this.#firstDelayMs = firstDelayMs;
    from.on('data', (chunk: Buffer) => this.#push(chunk));
    from.on('end', () => {
      this.#ended = true;
      this.pump();
    });
  }

  /** Bytes read but not yet written on. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Writes what is due; re-arms itself for the next chunk. Call after settings change. */
  pump(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#timing.held()) return;
    const now = performance.now();
    while (this.#queue.length > 0) {
      const head = this.#queue[0] as Queued;
      if (head.due > now) {
        this.#timer = setTimeout(() => this.pump(), Math.ceil(head.due - now));
        return;
      }
      this.#queue.shift();
      this.#queuedBytes -= head.chunk.length;
      this.forwarded += head.chunk.length;
      this.#to.write(head.chunk);
    }
    if (this.#queuedBytes < HIGH_WATER_BYTES && this.#from.isPaused()) this.#from.resume();
    if (this.#ended) this.#to.end();
  }

  /** Stops writing and drops what is queued (the sockets are being destroyed). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#queue.length = 0;
    this.#queuedBytes = 0;
  }

  #push(chunk: Buffer): void {
    const previous = this.#queue.at(-1)?.due ?? 0;
    const delay = this.#timing.chunkDelayMs() + this.#firstDelayMs;
    this.#firstDelayMs = 0;
    // Never before the chunk ahead of it: order is kept, as TCP would.
    this.#queue.push({ chunk, due: Math.max(previous, performance.now() + delay) });
    this.#queuedBytes += chunk.length;
    if (this.#queuedBytes >= HIGH_WATER_BYTES) this.#from.pause();
    if (this.#queue.length === 1) this.pump();
  }
}
