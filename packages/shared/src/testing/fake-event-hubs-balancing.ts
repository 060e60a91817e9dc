import type { PartitionOwnership } from '@azure/event-hubs';

/**
 * The SDK's load balancing (@azure/event-hubs 6.0.0, loadBalancingStrategy.js), restated:
 * ownerships older than the expiry, or abandoned (ownerId ''), count as free; when the
 * active owners are not balanced, a processor short of its share claims free partitions and
 * then steals from owners above the minimum. "balanced" claims one partition per round,
 * "greedy" all it needs.
 */
export function partitionsToClaim(
  ownerId: string,
  ownerships: Map<string, PartitionOwnership>,
  partitionIds: readonly string[],
  expirationMs: number,
  strategy: 'balanced' | 'greedy',
): string[] {
  const claimable = listAvailablePartitions(ownerId, ownerships, partitionIds, expirationMs);
  if (strategy === 'greedy' || claimable.length === 0) return claimable;
  return [claimable[Math.floor(Math.random() * claimable.length)]!];
}

function listAvailablePartitions(
  ownerId: string,
  ownerships: Map<string, PartitionOwnership>,
  partitionIds: readonly string[],
  expirationMs: number,
): string[] {
  if (partitionIds.length === 0) return [];
  const active = new Map<string, PartitionOwnership>();
  for (const [partitionId, ownership] of ownerships) {
    const modified = ownership.lastModifiedTimeInMs;
    if (modified !== undefined && Date.now() - modified < expirationMs && ownership.ownerId) {
      active.set(partitionId, ownership);
    }
  }
  if (active.size === 0) return [...partitionIds];
  const byOwner = new Map<string, PartitionOwnership[]>();
  for (const ownership of active.values()) {
    byOwner.set(ownership.ownerId, [...(byOwner.get(ownership.ownerId) ?? []), ownership]);
  }
  if (!byOwner.has(ownerId)) byOwner.set(ownerId, []);
  const min = Math.floor(partitionIds.length / byOwner.size);
  const withExtra = partitionIds.length % byOwner.size;
  let haveRequired = 0;
  let haveAdditional = 0;
  let haveTooMany = 0;
  for (const owned of byOwner.values()) {
    if (owned.length === min) haveRequired++;
    else if (owned.length === min + 1) haveAdditional++;
    else if (owned.length > min + 1) haveTooMany++;
  }
  if (haveAdditional === withExtra && haveRequired + haveAdditional === byOwner.size) return [];
  let required = min;
  if (withExtra > 0 && haveAdditional + haveTooMany < withExtra) required = min + 1;
  let toClaim = required - byOwner.get(ownerId)!.length;
  if (toClaim <= 0) return [];
  const claims: string[] = [];
  const unclaimed = partitionIds.filter((id) => !active.has(id));
  while (toClaim > 0 && unclaimed.length > 0) {
    claims.push(unclaimed.splice(Math.floor(Math.random() * unclaimed.length), 1)[0]!);
    toClaim--;
  }
  if (toClaim === 0) return claims;
  // Steal from the owners with the most, down to what each is expected to keep.
  const donors = [...byOwner]
    .filter(([owner, owned]) => owner !== ownerId && owned.length > min)
    .map(([, owned]) => [...owned])
    .sort((a, b) => b.length - a.length);
  let ownersWithExtra = 0;
  for (const owned of donors) {
    if (toClaim === 0) break;
    const keep = min + (ownersWithExtra < withExtra ? 1 : 0);
    ownersWithExtra++;
    let available = owned.length - keep;
    while (toClaim > 0 && available > 0) {
      claims.push(owned.splice(Math.floor(Math.random() * owned.length), 1)[0]!.partitionId);
      toClaim--;
      available--;
    }
  }
  return claims;
}
