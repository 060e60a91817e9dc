import type { Aggregate } from '../../contracts/window.js';
import { type WindowRecord, windowSchema } from '../../contracts/window.js';
import type { WindowFormat } from '../../contracts/window-formats.js';
import { NonRetryableError } from '../../errors.js';

/** One window blob format: how the aggregator writes a blob and how readers parse it back. */
export interface WindowCodec {
  readonly format: WindowFormat;
  readonly contentType: string;
  /**
   * The blob body of `windows`. `aggregates` are the deployment's configured aggregates: the
   * tabular formats give each its column, present even where a window has no value (a
   * single-reading `stddev`), so that every blob of a deployment has the same columns.
   */
  encode(windows: readonly WindowRecord[], aggregates: readonly Aggregate[]): Uint8Array | string;
  /**
   * Hands each window of one blob that `keep` wants to `emit`, in blob order, without building
   * the list (a reader that stores windows its own way holds no second copy). Anything that is
   * not a valid window is a broken contract, never transient: `NonRetryableError` naming the
   * blob (`name`) and the row.
   */
  each(
    body: Uint8Array,
    name: string,
    keep: WindowFilter | undefined,
    emit: WindowSink,
  ): void | Promise<void>;
  /**
   * Line formats only (NDJSON): `each` over one piece of a blob that ends at a line end (or at
   * the blob's end), its lines numbered from `firstLine` in errors; returns the number of lines
   * in the piece. A reader can then stream a large blob instead of holding it whole.
   */
  eachPiece?(
    piece: Uint8Array,
    name: string,
    keep: WindowFilter | undefined,
    emit: WindowSink,
    firstLine: number,
  ): number;
  /** The windows of one blob, in blob order (`each`, collected). */
  decode(
    body: Uint8Array,
    name: string,
    keep?: WindowFilter,
  ): WindowRecord[] | Promise<WindowRecord[]>;
}

export type WindowSink = (window: WindowRecord) => void;

/** A codec from its `each`: `decode` collects, synchronously when `each` is. */
export function defineCodec(codec: Omit<WindowCodec, 'decode'>): WindowCodec {
  return {
    ...codec,
    decode(body, name, keep) {
      const windows: WindowRecord[] = [];
      const done = codec.each(body, name, keep, (window) => windows.push(window));
      return done instanceof Promise ? done.then(() => windows) : windows;
    },
  };
}

/**
 * Decides from a row's raw `device`, `sensor` and `end` whether a reader wants it. A row left
 * out is neither validated nor kept, which is what bounds a job's memory: a shard's hour holds
 * every device of the shard, and a job wants K entities of it. A row whose fields are not even
 * strings is validated (and refused) whatever the filter says.
 */
export type WindowFilter = (device: string, sensor: string, end: string) => boolean;

/** True when `keep` is given and the candidate's raw fields are strings it refuses. */
export function leftOut(
  keep: WindowFilter | undefined,
  device: unknown,
  sensor: unknown,
  end: unknown,
) {
  return (
    keep !== undefined &&
    typeof device === 'string' &&
    typeof sensor === 'string' &&
    typeof end === 'string' &&
    !keep(device, sensor, end)
  );
}

/** Validates one decoded row against the window contract. `where` locates it for the error. */
export function toWindow(candidate: unknown, name: string, where: string): WindowRecord {
  const parsed = windowSchema.safeParse(candidate);
  if (!parsed.success) throw new NonRetryableError(`${name} ${where} is not a window record`);
  return parsed.data;
}
