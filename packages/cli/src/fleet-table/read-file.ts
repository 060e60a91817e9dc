/**
 * The fast reader on a file: read in chunks by the thread pool into one buffer of the file's
 * size, each chunk parsed (`FleetTableReader`) while the next one is read, so that the read's
 * first touch of fresh pages (about 4 ms per MB on the development VM) overlaps the parsing.
 */
import { open } from 'node:fs/promises';
import { type FleetTable, FleetTableReader } from './read.js';

/** Bytes asked for per read: large enough for few requests, small enough to overlap. */
const CHUNK = 4 * 2 ** 20;

/** The file's table, or undefined for csv-parse to read it (also when it cannot be read). */
export async function readFleetTableFile(path: string): Promise<FleetTable | undefined> {
  const file = await open(path, 'r').catch(() => undefined);
  if (file === undefined) return undefined;
  try {
    const { size } = await file.stat();
    // Row positions are 32-bit: a file of 4 GiB or more is csv-parse's (it streams).
    if (size >= 2 ** 32) return undefined;
    const bytes = Buffer.allocUnsafe(size);
    const reader = new FleetTableReader(bytes);
    const readAt = (at: number) =>
      file.read(bytes, at, Math.min(CHUNK, size - at), at).then(({ bytesRead }) => bytesRead);
    let filled = 0;
    let next = size > 0 ? readAt(0) : undefined;
    while (next !== undefined) {
      const bytesRead = await next;
      // A file that shrank while read: csv-parse reads what is there.
      if (bytesRead === 0) return undefined;
      filled += bytesRead;
      next = filled < size ? readAt(filled) : undefined;
      if (!reader.feed(filled)) {
        await next?.catch(() => undefined);
        return undefined;
      }
    }
    if (size === 0 && !reader.feed(0)) return undefined;
    return reader.table();
  } catch {
    return undefined;
  } finally {
    await file.close();
  }
}
