/**
 * Preloaded into each scorer process by `pnpm bench:run` (`--import`): counts the process's
 * blob requests to the bench container, samples `process.memoryUsage()` every 200 ms (the
 * peak of each part: what makes up the RSS), and writes both, as JSON (`ScorerReport`), to
 * `FLEETSCORE_BENCH_COUNTS_FILE` when the process exits (after its SIGTERM drain). On SIGUSR2
 * it writes what it has so far to that name + `.snapshot` and starts again from zero: a fleet
 * kept for another run (warm caches) tells its runs apart. The scorer's own code is not touched.
 */
import { writeFileSync } from 'node:fs';
import { countBlobRequests } from './blob-requests.js';
import { type MemoryPeaks, noMemory, peaksWith } from './memory-peaks.js';

const file = process.env.FLEETSCORE_BENCH_COUNTS_FILE;
const container = process.env.FLEETSCORE_BLOB_CONTAINER;
if (file && container) {
  const counter = countBlobRequests(container);
  let memory: MemoryPeaks = noMemory();
  setInterval(() => {
    memory = peaksWith(memory, process.memoryUsage());
  }, 200).unref();
  const report = () => JSON.stringify({ counts: counter.counts(), memory });
  process.on('exit', () => writeFileSync(file, report()));
  process.on('SIGUSR2', () => {
    writeFileSync(`${file}.snapshot`, report());
    counter.reset();
    memory = noMemory();
  });
}
