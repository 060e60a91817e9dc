import type { WindowRecord } from '../../contracts/window.js';
import { formatOfBlob, type WindowFormat } from '../../contracts/window-formats.js';
import { NonRetryableError } from '../../errors.js';
import type { WindowCodec, WindowFilter } from './codec.js';
import { csvCodec } from './csv.js';
import { ndjsonCodec } from './ndjson.js';
import { parquetCodec } from './parquet.js';

const CODECS: Record<WindowFormat, WindowCodec> = {
  ndjson: ndjsonCodec,
  csv: csvCodec,
  parquet: parquetCodec,
};

/** The codec that writes `format`. */
export function windowCodec(format: WindowFormat): WindowCodec {
  return CODECS[format];
}

/**
 * The codec of a blob under `windows/`, by its extension. A blob there that is not in a window
 * format breaks the layout contract (a reader must not silently skip data): `NonRetryableError`.
 */
export function codecOfBlob(name: string): WindowCodec {
  const format = formatOfBlob(name);
  if (format === undefined)
    throw new NonRetryableError(
      `${name} is not a window blob (expected .${Object.keys(CODECS).join(', .')})`,
    );
  return CODECS[format];
}

/** The windows of one blob, parsed by the codec its extension names. */
export async function decodeWindowBlob(
  name: string,
  body: Uint8Array,
  keep?: WindowFilter,
): Promise<WindowRecord[]> {
  return codecOfBlob(name).decode(body, name, keep);
}
