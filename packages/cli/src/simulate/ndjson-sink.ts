import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Reading } from '@fleetscore/shared';
import type { ReadingSink } from './run.js';

/** Writes readings as NDJSON (one `{device,sensor,ts,value}` per line), honouring back-pressure. */
export function createNdjsonSink(path: string): ReadingSink {
  const out = createWriteStream(path);
  // Remembered so an error between writes (e.g. the file cannot be opened) fails the next call.
  let failure: Error | undefined;
  out.on('error', (error) => {
    failure = error;
  });
  return {
    target: path,
    async write(batch: readonly Reading[]) {
      if (failure) throw failure;
      const text = batch.map((r) => `${JSON.stringify(r)}\n`).join('');
      // `once` rejects if the stream emits 'error' while we wait.
      if (!out.write(text)) await once(out, 'drain');
    },
    async close() {
      if (failure) throw failure;
      const finished = once(out, 'finish');
      out.end();
      await finished;
    },
  };
}
