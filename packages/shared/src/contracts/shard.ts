import { FleetscoreError } from '../errors.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`; an unsigned integer. */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return fnv1a32Bytes(new TextEncoder().encode(text));
    hash = Math.imul(hash ^ code, FNV_PRIME);
  }
  return hash >>> 0;
}

function fnv1a32Bytes(bytes: Uint8Array): number {
  let hash = FNV_OFFSET;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, FNV_PRIME);
  return hash >>> 0;
}

/**
 * The shard of a device: `fnv1a32(device) mod shards`. **Part of the blob layout contract**
 * (`windows/{yyyy}/{MM}/{dd}/{HH}/shard={s}/…`): the aggregator writes by it and the scheduler
 * and scorer read by it, so changing the hash or its input moves every device to another
 * shard and orphans the blobs already written. Fixed values are pinned by shard.test.ts.
 */
export function shardOf(device: string, shards: number): number {
  if (!Number.isSafeInteger(shards) || shards < 1)
    throw new FleetscoreError('CONFIG_INVALID', `shards must be a positive integer, got ${shards}`);
  return fnv1a32(device) % shards;
}
