import type { Aggregate } from '../../contracts/window.js';
import { type WindowRecord, windowSchema } from '../../contracts/window.js';
import { NonRetryableError } from '../../errors.js';
import type { WindowFormat } from './names.js';

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
   * The windows of one blob, in blob order. Anything that is not a valid window is a broken
   * contract, never transient: `NonRetryableError` naming the blob (`name`) and the row.
   */
  decode(body: Uint8Array, name: string): WindowRecord[] | Promise<WindowRecord[]>;
}

/** Validates one decoded row against the window contract. `where` locates it for the error. */
export function toWindow(candidate: unknown, name: string, where: string): WindowRecord {
  const parsed = windowSchema.safeParse(candidate);
  if (!parsed.success) throw new NonRetryableError(`${name} ${where} is not a window record`);
  return parsed.data;
}
