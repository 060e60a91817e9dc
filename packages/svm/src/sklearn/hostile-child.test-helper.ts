import { once } from 'node:events';
import { createDeflate, createGzip } from 'node:zlib';
import { type HostilePayload, hostilePayloads } from './hostile-payloads.test-helper.js';
import { importSklearnModel } from './import-model.js';

/**
 * Run by hostile-bounds.test.ts in a child process with a small heap: imports every hostile
 * payload plus two decompression bombs, and prints one JSON line per file with the error it
 * ended in and how much the V8 heap grew meanwhile. Not a test itself.
 */

/** `bytes` zero bytes, compressed as one zlib or gzip stream (~1 KB per MB), without holding them. */
async function bomb(kind: 'zlib' | 'gzip', bytes: number): Promise<Uint8Array> {
  const stream = kind === 'zlib' ? createDeflate({ level: 9 }) : createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const zeros = Buffer.alloc(1 << 20);
  for (let written = 0; written < bytes; written += zeros.length) {
    if (!stream.write(zeros)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'end');
  return Buffer.concat(chunks);
}

const payloads: HostilePayload[] = [
  ...hostilePayloads(process.argv[2] ?? '/nonexistent'),
  {
    name: 'zlib bomb: 512 MiB of zeros',
    bytes: await bomb('zlib', 1 << 29),
    error: 'UnsupportedModelError',
    message: /larger than/,
  },
  {
    name: 'gzip bomb: 512 MiB of zeros',
    bytes: await bomb('gzip', 1 << 29),
    error: 'UnsupportedModelError',
    message: /larger than/,
  },
];

for (const payload of payloads) {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1);
  let error = 'none';
  let message = '';
  try {
    importSklearnModel(payload.bytes);
  } catch (caught) {
    error = (caught as Error).name;
    message = (caught as Error).message;
  }
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const expected = error === payload.error && payload.message.test(message);
  const heapGrowthMb = (peak - before) / 2 ** 20;
  console.log(
    JSON.stringify({
      name: payload.name,
      expected,
      error,
      message: message.slice(0, 200),
      heapGrowthMb,
    }),
  );
}
