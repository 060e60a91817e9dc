/**
 * Where score-csv's time goes, from a V8 CPU profile (`node --cpu-prof`): each sample's time is
 * given to the stage of the innermost frame of its stack that names one (csv-parse → CSV parse,
 * csv-stringify → CSV write, the SVM package → predict, …). The garbage collector, idle time
 * (the main thread waiting for file I/O) and samples no frame claims are split by phase
 * instead: score-csv first reads and groups the whole CSV, then loads, scores and writes
 * sensor by sensor, so the samples up to the end of CSV parse and grouping belong to reading.
 * (A reader that interleaves with scoring would make the phases meaningless, not the stages.)
 */

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

export const STAGES = [
  'CSV parse',
  'grouping',
  'model load',
  'predict',
  'CSV write',
  'GC',
  'idle (waiting for I/O)',
  'start-up',
  'other',
] as const;
export type Stage = (typeof STAGES)[number];
export type Phase = 'read' | 'score';

type Frame = CpuProfile['nodes'][number]['callFrame'];

/** The stage a frame names, or undefined when it names none (then its caller decides). */
export function stageOfFrame({ functionName: fn, url }: Frame): Stage | undefined {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle (waiting for I/O)';
  if (url.includes('csv-stringify')) return 'CSV write';
  if (url.includes('csv-parse')) return 'CSV parse';
  // The CLI's own CSV module: reading rows, and the writer's write/close.
  if (/\/cli\/(src|dist)\/csv\.[jt]s$/.test(url)) {
    return fn === 'readCsvRows' ? 'CSV parse' : fn === 'toNumber' ? 'grouping' : 'CSV write';
  }
  if (/\/cli\/(src|dist)\/fleet-csv\.[jt]s$/.test(url)) return 'grouping';
  if (fn.startsWith('RegExp: ')) return 'grouping';
  if (/\/cli\/(src|dist)\/model-file\.[jt]s$/.test(url) || url.includes('/svm/dist/sklearn/')) {
    return 'model load';
  }
  if (url.includes('/svm/src/sklearn/')) return 'model load';
  if (url.includes('/svm/') || url.startsWith('wasm://')) return 'predict';
  // Model files are read with fs/promises' readFile (its continuations have no caller).
  if (url === 'node:internal/fs/promises') return 'model load';
  // One ReadStream (the CSV) and one WriteStream per prediction file.
  if (url === 'node:internal/fs/streams') {
    return fn.startsWith('ReadStream') ? 'CSV parse' : 'CSV write';
  }
  if (url.startsWith('node:internal/modules/') || fn === 'compileForInternalLoader') {
    return 'start-up';
  }
  return undefined;
}

export interface StageTimes {
  /** Milliseconds per stage and phase. */
  ms: Record<Stage, Record<Phase, number>>;
  /** The profile's whole duration, ms. */
  totalMs: number;
  /** When reading ended (99 % of CSV parse and grouping behind), ms from the start. */
  readEndMs: number;
}

/** Sums a profile's samples per stage and phase. */
export function stageTimes(profile: CpuProfile): StageTimes {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stageOfNode = new Map<number, Stage>();
  const stageOf = (id: number): Stage => {
    const known = stageOfNode.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const stage =
      (node && stageOfFrame(node.callFrame)) ?? (up === undefined ? 'other' : stageOf(up));
    stageOfNode.set(id, stage);
    return stage;
  };
  const ms = Object.fromEntries(STAGES.map((s) => [s, { read: 0, score: 0 }])) as StageTimes['ms'];
  const deltas = profile.samples.map((_, i) => (profile.timeDeltas[i] ?? 0) / 1000);
  const stages = profile.samples.map(stageOf);
  // Reading ends where 99 % of its samples are behind: a stray late sample (a regexp, a tick
  // recorded out of order) must not move the whole scoring phase into it.
  const isRead = (s: Stage) => s === 'CSV parse' || s === 'grouping';
  const readTotal = stages.reduce((sum, s, i) => sum + (isRead(s) ? deltas[i]! : 0), 0);
  let lastRead = -1;
  for (let i = 0, seen = 0; i < stages.length && seen < 0.99 * readTotal; i += 1) {
    if (isRead(stages[i]!)) seen += deltas[i]!;
    lastRead = i;
  }
  let at = 0;
  let readEndMs = 0;
  for (const [i, stage] of stages.entries()) {
    at += deltas[i]!;
    if (i <= lastRead) readEndMs = at;
    ms[stage][i <= lastRead ? 'read' : 'score'] += deltas[i]!;
  }
  return { ms, totalMs: at, readEndMs };
}

/** The stage table: ms and share of the whole, split into the read and score phases. */
export function stageLines(t: StageTimes): string[] {
  const pct = (ms: number) => `${((100 * ms) / t.totalMs).toFixed(1)} %`;
  const cell = (text: string, width: number) => text.padStart(width);
  const lines = [
    `${'stage'.padEnd(24)}${cell('ms', 8)}${cell('share', 9)}${cell('reading ms', 12)}${cell('scoring ms', 12)}`,
  ];
  for (const stage of STAGES) {
    const { read, score } = t.ms[stage];
    lines.push(
      `${stage.padEnd(24)}${cell((read + score).toFixed(0), 8)}${cell(pct(read + score), 9)}${cell(read.toFixed(0), 12)}${cell(score.toFixed(0), 12)}`,
    );
  }
  lines.push(
    `${'whole process'.padEnd(24)}${cell(t.totalMs.toFixed(0), 8)}${cell('100 %', 9)}${cell(t.readEndMs.toFixed(0), 12)}${cell((t.totalMs - t.readEndMs).toFixed(0), 12)}`,
  );
  return lines;
}
