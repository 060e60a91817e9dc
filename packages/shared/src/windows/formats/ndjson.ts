import type { WindowRecord } from '../../contracts/window.js';
import { defineCodec, leftOut, toWindow, type WindowFilter, type WindowSink } from './codec.js';

/**
 * The head of a line as `formatWindows` writes it (the contract's key order; ids without
 * escapes). It lets a filtered read skip another device's line without `JSON.parse`, which is
 * most of the cost of reading a shard's hour for K of its entities (≈ 10× here). A line in any
 * other shape is parsed in full, so the shortcut never changes what is read.
 */
const HEAD = /^\{"device":"([^"\\]*)","sensor":"([^"\\]*)","end":"([^"\\]*)"/;

/** The windows of one NDJSON text (blank lines ignored), those `keep` wants when given. */
export function parseWindows(text: string, name: string, keep?: WindowFilter): WindowRecord[] {
  const windows: WindowRecord[] = [];
  eachWindowLine(Buffer.from(text, 'utf8'), name, keep, (window) => windows.push(window));
  return windows;
}

/**
 * Walks the blob's bytes line by line (a line's text is made only when it is looked at), so
 * reading a shard's hour never holds its whole text, nor an array of its lines, at once.
 */
function eachWindowLine(
  body: Uint8Array,
  name: string,
  keep: WindowFilter | undefined,
  emit: WindowSink,
  firstLine = 1,
): number {
  const bytes = Buffer.isBuffer(body)
    ? body
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let lineNumber = firstLine - 1;
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(10, start);
    const end = newline < 0 ? bytes.length : newline;
    const line = bytes.toString('utf8', start, end);
    start = end + 1;
    lineNumber += 1;
    if (line.trim() === '') continue;
    const head = keep === undefined ? null : HEAD.exec(line);
    if (head !== null && !keep?.(head[1]!, head[2]!, head[3]!)) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    const raw = json as { device?: unknown; sensor?: unknown; end?: unknown } | null | undefined;
    if (head === null && raw && leftOut(keep, raw.device, raw.sensor, raw.end)) continue;
    emit(toWindow(json, name, `line ${lineNumber}`));
  }
  return lineNumber - firstLine + 1;
}

/** NDJSON of windows, one `WindowRecord` per line, newline-terminated. */
export function formatWindows(windows: readonly WindowRecord[]): string {
  return windows.map((w) => `${JSON.stringify(w)}\n`).join('');
}

/** The default format: the `WindowRecord` contract itself, one JSON object per line. */
export const ndjsonCodec = defineCodec({
  format: 'ndjson',
  contentType: 'application/x-ndjson',
  encode: (windows) => formatWindows(windows),
  each: (body, name, keep, emit) => {
    eachWindowLine(body, name, keep, emit);
  },
  eachPiece: eachWindowLine,
});
