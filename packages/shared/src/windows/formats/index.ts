export type { WindowCodec, WindowFilter, WindowSink } from './codec.js';
export { CSV_HEADER } from './csv.js';
export { formatWindows, parseWindows } from './ndjson.js';
export { codecOfBlob, decodeWindowBlob, windowCodec } from './registry.js';
