import type { WindowRecord } from '../../contracts/window.js';
import { toWindow, type WindowCodec } from './codec.js';

/** The windows of one NDJSON blob (blank lines ignored). */
export function parseWindows(text: string, name: string): WindowRecord[] {
  const windows: WindowRecord[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    windows.push(toWindow(json, name, `line ${index + 1}`));
  }
  return windows;
}

/** NDJSON of windows, one `WindowRecord` per line, newline-terminated. */
export function formatWindows(windows: readonly WindowRecord[]): string {
  return windows.map((w) => `${JSON.stringify(w)}\n`).join('');
}

/** The default format: the `WindowRecord` contract itself, one JSON object per line. */
export const ndjsonCodec: WindowCodec = {
  format: 'ndjson',
  contentType: 'application/x-ndjson',
  encode: (windows) => formatWindows(windows),
  decode: (body, name) => parseWindows(new TextDecoder().decode(body), name),
};
