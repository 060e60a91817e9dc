/**
 * Scorer processes for the bench, as a deployment runs them: `node services/scorer/dist/main.js`
 * (the image's command and heap cap; `from: 'dist'`, built by the caller) or, for development,
 * `services/scorer/src/main.ts` with tsx's loader (`from: 'source'`: every workspace module is
 * transpiled in memory, which costs the process and its SVM threads ~100 MiB). Either way the
 * blob-request counter is preloaded and the pid is the scorer's. `stop()` reads each process's
 * peak RSS (VmHWM) before its SIGTERM drain, then collects the counts it wrote on exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, scorerNodeFlags } from '@fleetscore/shared';
import { repo } from '../floor/sides.js';
import type { BlobCounts } from './blob-requests.js';
import { type MemoryPeaks, noMemory } from './memory-peaks.js';

export interface ScorerFleetOptions {
  processes: number;
  /** The built service (what images run) or its TypeScript sources. */
  from: 'dist' | 'source';
  /** Environment of every process: backend, storage, queue, threads, concurrency. */
  env: Record<string, string>;
}

export interface StoppedFleet {
  /** Peak resident set per process, bytes. */
  peakRss: number[];
  counts: BlobCounts[];
  /** Per process, the peak of each part of its memory (sampled by the preload). */
  memory: MemoryPeaks[];
  exitCodes: (number | null)[];
}

/** What the preload writes (`count-preload.ts`). */
interface ScorerReport {
  counts: BlobCounts;
  memory: MemoryPeaks;
}

export interface ScorerFleet {
  pids: number[];
  /**
   * The counts and memory peaks since the start or the last snapshot, and the peak RSS so far
   * (VmHWM is since the start: a later run's includes the earlier runs'); the processes keep
   * running.
   */
  snapshot(): Promise<Omit<StoppedFleet, 'exitCodes'>>;
  stop(): Promise<StoppedFleet>;
}

/** Peak resident set size of a live process (Linux `VmHWM`), bytes; 0 when unreadable. */
export async function peakRssOf(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}

async function waitReady(port: number, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`scorer exited early:\n${output()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`scorer not ready in 60 s:\n${output()}`);
}

export async function startScorerFleet(options: ScorerFleetOptions): Promise<ScorerFleet> {
  const preload = pathToFileURL(join(repo, 'bench/run/count-preload.ts')).href;
  const started: { child: ChildProcess; countsFile: string; exited: Promise<unknown> }[] = [];
  for (let i = 0; i < options.processes; i += 1) {
    const port = await freePort();
    const countsFile = join(tmpdir(), `bench-run-counts-${process.pid}-${Date.now()}-${i}.json`);
    // tsx is needed for the (TypeScript) preload either way; from dist it transpiles nothing else.
    const entry =
      options.from === 'dist'
        ? ['--import', 'tsx', '--import', preload, 'services/scorer/dist/main.js']
        : [
            '--conditions=source',
            '--import',
            'tsx',
            '--import',
            preload,
            'services/scorer/src/main.ts',
          ];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FLEETSCORE_OTEL_EXPORTER: 'none',
      FLEETSCORE_LOG_LEVEL: 'warn',
      ...options.env,
      FLEETSCORE_HEALTH_PORT: String(port),
      FLEETSCORE_BENCH_COUNTS_FILE: countsFile,
    };
    // The heap cap a deployment gives scorers (the image's NODE_OPTIONS, scale-local's flags).
    const flags = scorerNodeFlags(env.NODE_OPTIONS);
    const child = spawn(process.execPath, [...flags, ...entry], {
      cwd: repo,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const keep = (chunk: Buffer) => {
      text = (text + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = once(child, 'exit');
    started.push({ child, countsFile, exited });
    await waitReady(port, child, () => text);
  }
  return {
    pids: started.map((s) => s.child.pid!),
    async snapshot() {
      const peakRss = await Promise.all(started.map((s) => peakRssOf(s.child.pid!)));
      const reports = await Promise.all(
        started.map(async (s) => {
          const file = `${s.countsFile}.snapshot`;
          await rm(file, { force: true });
          s.child.kill('SIGUSR2');
          for (let waited = 0; waited < 10_000; waited += 50) {
            const text = await readFile(file, 'utf8').catch(() => undefined);
            // Written in one writeFileSync: complete once it parses.
            const report = text === undefined ? undefined : parseReport(text);
            if (report !== undefined) return report;
            await new Promise((r) => setTimeout(r, 50));
          }
          throw new Error(`scorer ${s.child.pid} wrote no counts snapshot within 10 s`);
        }),
      );
      return {
        peakRss,
        counts: reports.map((r) => r.counts),
        memory: reports.map((r) => r.memory),
      };
    },
    async stop() {
      const peakRss = await Promise.all(started.map((s) => peakRssOf(s.child.pid!)));
      for (const s of started) s.child.kill('SIGTERM');
      await Promise.all(started.map((s) => s.exited));
      const reports = await Promise.all(
        started.map((s) =>
          readFile(s.countsFile, 'utf8').then(
            (t) => parseReport(t) ?? { counts: {}, memory: noMemory() },
            () => ({ counts: {}, memory: noMemory() }),
          ),
        ),
      );
      return {
        peakRss,
        counts: reports.map((r) => r.counts),
        memory: reports.map((r) => r.memory),
        exitCodes: started.map((s) => s.child.exitCode),
      };
    },
  };
}

function parseReport(text: string): ScorerReport | undefined {
  try {
    return JSON.parse(text) as ScorerReport;
  } catch {
    return undefined;
  }
}
