/**
 * Runs `fleetscore simulate` (packages/cli, from source) as its own process, as a user would,
 * and reads back its JSON summary. Its progress goes to our stderr.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { repoRoot } from './services.js';

export interface SimulateRequest {
  ingestUrl: string;
  apiKey?: string;
  devices: number;
  sensors: number;
  /** Readings per second over the whole fleet. */
  rate: number;
  seed: number;
  anomalyRate: number;
  /** A past span sent instantly: `from` and `duration`; absent: real time until stopped. */
  from?: Date;
  duration?: string;
  labels?: string;
}

/** The part of the simulator's `--json` summary the demo uses. */
export interface SimulateResult {
  delivered: number;
  undelivered: number;
  withheld: number;
  retries: number;
  seconds: number;
  anomalies: Record<string, { count: number; readings: number }>;
}

export function simulateArgs(r: SimulateRequest): string[] {
  return [
    'simulate',
    '--to',
    r.ingestUrl,
    '--devices',
    String(r.devices),
    '--sensors',
    String(r.sensors),
    '--rate',
    String(r.rate),
    '--seed',
    String(r.seed),
    '--anomaly-rate',
    String(r.anomalyRate),
    '--json',
    ...(r.apiKey ? ['--api-key', r.apiKey] : []),
    ...(r.from ? ['--from', r.from.toISOString()] : []),
    ...(r.duration ? ['--duration', r.duration] : []),
    ...(r.labels ? ['--labels', r.labels] : []),
  ];
}

/** `node … packages/cli/src/main.ts <args>`: the CLI from source, stdin closed. */
export function spawnCli(args: readonly string[], stdout: 'pipe' | 'inherit' = 'pipe') {
  return spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'packages/cli/src/main.ts', ...args],
    { cwd: repoRoot, stdio: ['ignore', stdout, 'inherit'] },
  );
}

/** Sends a past span and resolves with the summary; rejects if the CLI fails. */
export async function simulate(request: SimulateRequest): Promise<SimulateResult> {
  const child = spawnCli(simulateArgs(request));
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`fleetscore simulate exited ${code}: ${out.slice(0, 1000)}`);
  const result = JSON.parse(out) as SimulateResult;
  if (result.undelivered > 0) {
    throw new Error(`fleetscore simulate left ${result.undelivered} readings undelivered`);
  }
  return result;
}
