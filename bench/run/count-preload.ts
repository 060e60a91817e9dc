/**
 * Preloaded into each scorer process by `pnpm bench:run` (`--import`): counts the process's
 * blob requests to the bench container and writes them, as JSON, to
 * `FLEETSCORE_BENCH_COUNTS_FILE` when the process exits (after its SIGTERM drain). On SIGUSR2
 * it writes the counts so far to that name + `.snapshot` and starts again from zero: a fleet
 * kept for another run (warm caches) tells its runs apart. The scorer's own code is not touched.
 */
import { writeFileSync } from 'node:fs';
import { countBlobRequests } from './blob-requests.js';

const file = process.env.FLEETSCORE_BENCH_COUNTS_FILE;
const container = process.env.FLEETSCORE_BLOB_CONTAINER;
if (file && container) {
  const counter = countBlobRequests(container);
  process.on('exit', () => writeFileSync(file, JSON.stringify(counter.counts())));
  process.on('SIGUSR2', () => {
    writeFileSync(`${file}.snapshot`, JSON.stringify(counter.counts()));
    counter.reset();
  });
}
