import { FleetscoreError } from '../../../errors.js';

/**
 * Stream names and consumer groups become parts of Redis keys, so they are restricted to
 * characters that cannot collide with the `:` separators.
 */
const KEY_PART = /^[A-Za-z0-9_.-]{1,100}$/;

export function assertKeyPart(kind: string, value: string): void {
  if (!KEY_PART.test(value)) {
    throw new FleetscoreError(
      'CONFIG_INVALID',
      `${kind} "${value}" must be 1–100 letters, digits, "_", "." or "-"`,
    );
  }
}

/**
 * Every key of one stream starts with `fs:stream:<name>:`, so a stream can be listed or removed
 * by prefix:
 * - `…:<p>` the Redis stream of partition p (entries: seq, key, body, props);
 * - `…:<p>:seq` the partition's sequence counter (the last sequence number handed out);
 * - `…:<p>:lease:<group>` the owner id of partition p in a consumer group (PX lease);
 * - `…:members:<group>` live subscribers of a group (sorted set scored by expiry, ms).
 */
export interface StreamKeys {
  prefix: string;
  stream(partitionId: string): string;
  sequence(partitionId: string): string;
  lease(consumerGroup: string, partitionId: string): string;
  members(consumerGroup: string): string;
}

export function streamKeys(name: string): StreamKeys {
  const prefix = `fs:stream:${name}:`;
  return {
    prefix,
    stream: (p) => `${prefix}${p}`,
    sequence: (p) => `${prefix}${p}:seq`,
    lease: (group, p) => `${prefix}${p}:lease:${group}`,
    members: (group) => `${prefix}members:${group}`,
  };
}

const encoder = new TextEncoder();

/**
 * The partition of a key: 32-bit FNV-1a of its UTF-8 bytes, modulo the partition count. It
 * decides where a key's events live, so it must never change for an existing stream.
 */
export function partitionOf(partitionKey: string, partitionCount: number): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(partitionKey)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitionCount;
}
