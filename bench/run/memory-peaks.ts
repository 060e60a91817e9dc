/**
 * The peak of each part of a scorer's memory over a run (`process.memoryUsage()`, sampled): the
 * RSS (every thread), the main thread's V8 heap (reserved and used), and the memory outside it
 * (`external`, of which `arrayBuffers`: Buffers and typed arrays). Worker threads' heaps count
 * in the RSS only.
 */
export interface MemoryPeaks {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

const PARTS = ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const;

export const noMemory = (): MemoryPeaks => ({
  rss: 0,
  heapTotal: 0,
  heapUsed: 0,
  external: 0,
  arrayBuffers: 0,
});

/** Each part's peak so far, given one more sample. */
export function peaksWith(peaks: MemoryPeaks, sample: MemoryPeaks): MemoryPeaks {
  const next = { ...peaks };
  for (const part of PARTS) next[part] = Math.max(peaks[part], sample[part]);
  return next;
}

/** `rss 480 · heap 190/160 · external 90 (buffers 85) MiB`. */
export function memoryLine(peaks: MemoryPeaks): string {
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  return `rss ${mib(peaks.rss)} · heap ${mib(peaks.heapTotal)}/${mib(peaks.heapUsed)} · external ${mib(peaks.external)} (buffers ${mib(peaks.arrayBuffers)}) MiB`;
}
