/**
 * What each scheduler replica says about its ticks: for every scheduled run id, whether this
 * replica created it (`scheduled run started`) or found it there (`… exists already`). Read
 * from the replicas' pino NDJSON logs, which is where a race's loser leaves its only trace.
 */
import { readFile } from 'node:fs/promises';

export interface ReplicaTicks {
  /** Run ids this replica created. */
  created: Set<string>;
  /** Run ids this replica reached at a tick, created or not. */
  reached: Set<string>;
}

export async function replicaTicks(logFile: string): Promise<ReplicaTicks> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  const ticks: ReplicaTicks = { created: new Set(), reached: new Set() };
  for (const line of text.split('\n')) {
    if (!line.includes('"scheduled run')) continue;
    let entry: { runId?: unknown; created?: unknown };
    try {
      entry = JSON.parse(line);
    } catch {
      continue; // a line cut by a kill: not a tick
    }
    if (typeof entry.runId !== 'string') continue;
    ticks.reached.add(entry.runId);
    if (entry.created === true) ticks.created.add(entry.runId);
  }
  return ticks;
}

/** How many replicas created each run id. */
export function creations(replicas: readonly ReplicaTicks[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of replicas) for (const id of r.created) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
