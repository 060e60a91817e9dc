import { ID_PATTERN } from '@fleetscore/shared/ids';

/** A sensor of the table: its ids, and where its first row's ids sit in the file's bytes. */
export interface TableSensor {
  device: string;
  tag: string;
  /** The first and last row of the sensor (indices into the table's row arrays). */
  first: number;
  last: number;
  rows: number;
  deviceStart: number;
  deviceEnd: number;
  tagStart: number;
  tagEnd: number;
}

/**
 * Sensors by the bytes of their Device and Tag cells, without a string per row: an
 * open-addressing table of FNV-1a hashes whose entries are compared byte for byte with the
 * sensor's first row. A row of the same sensor as the row before (the usual grouped layout)
 * is found without hashing.
 */
export class SensorIndex {
  readonly sensors: TableSensor[] = [];
  private slots = new Int32Array(1024).fill(-1);
  private last = -1;

  constructor(private readonly bytes: Buffer) {}

  /**
   * The sensor index of the ids at [ds, de) and [ts, te), added (with `row` as its first row)
   * when new; -1 when they are not ids (ID_PATTERN), which csv-parse's path reports.
   */
  find(ds: number, de: number, ts: number, te: number, row: number): number {
    const bytes = this.bytes;
    if (this.last >= 0 && this.matches(this.sensors[this.last]!, ds, de, ts, te)) return this.last;
    const mask = this.slots.length - 1;
    let slot = this.hash(ds, de, ts, te) & mask;
    for (;;) {
      const index = this.slots[slot]!;
      if (index === -1) break;
      if (this.matches(this.sensors[index]!, ds, de, ts, te)) {
        this.last = index;
        return index;
      }
      slot = (slot + 1) & mask;
    }
    const device = latin1(bytes, ds, de);
    const tag = latin1(bytes, ts, te);
    if (!ID_PATTERN.test(device) || !ID_PATTERN.test(tag)) return -1;
    const index = this.sensors.length;
    this.sensors.push({
      device,
      tag,
      first: row,
      last: row,
      rows: 0,
      deviceStart: ds,
      deviceEnd: de,
      tagStart: ts,
      tagEnd: te,
    });
    this.slots[slot] = index;
    if (2 * this.sensors.length > this.slots.length) this.grow();
    this.last = index;
    return index;
  }

  /** FNV-1a over the device bytes, a `/`, and the tag bytes. */
  private hash(ds: number, de: number, ts: number, te: number): number {
    const bytes = this.bytes;
    let hash = 2166136261;
    for (let i = ds; i < de; i += 1) hash = Math.imul(hash ^ bytes[i]!, 16777619);
    hash = Math.imul(hash ^ 0x2f, 16777619);
    for (let i = ts; i < te; i += 1) hash = Math.imul(hash ^ bytes[i]!, 16777619);
    return hash;
  }

  private matches(s: TableSensor, ds: number, de: number, ts: number, te: number): boolean {
    return (
      de - ds === s.deviceEnd - s.deviceStart &&
      te - ts === s.tagEnd - s.tagStart &&
      sameBytes(this.bytes, ds, s.deviceStart, de - ds) &&
      sameBytes(this.bytes, ts, s.tagStart, te - ts)
    );
  }

  private grow() {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (const [index, s] of this.sensors.entries()) {
      let slot = this.hash(s.deviceStart, s.deviceEnd, s.tagStart, s.tagEnd) & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = index;
    }
    this.slots = slots;
  }
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i += 1) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

/** ASCII bytes (the only ones a plain line has) as a string. */
export function latin1(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('latin1', start, end);
}
