import { Readable } from 'node:stream';
import type { BlobBody } from '../../ports/blob-store.js';

/**
 * What `upload` sends: bytes as they are; a generated body as a stream made afresh for each
 * try (the SDK calls the factory again when it retries), with its declared length — still one
 * Put Blob.
 */
export function requestBody(body: BlobBody): {
  content: Buffer | (() => Readable);
  length: number;
  bodyError: () => Error | undefined;
} {
  if (typeof body === 'string') {
    const bytes = Buffer.from(body, 'utf8');
    return { content: bytes, length: bytes.byteLength, bodyError: () => undefined };
  }
  if (body instanceof Uint8Array) {
    const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return { content: bytes, length: bytes.byteLength, bodyError: () => undefined };
  }
  const length = body.byteLength;
  let failure: Error | undefined;
  const content = () => {
    const chunks = exactly(length, body.chunks(), (error) => {
      failure = error;
    });
    return Readable.from(chunks, { objectMode: false });
  };
  return { content, length, bodyError: () => failure };
}

/**
 * The chunks, failing as soon as they pass `length` or end short of it: a Content-Length the
 * body does not meet would otherwise leave the request waiting for bytes that never come.
 */
function* exactly(
  length: number,
  chunks: Iterable<Uint8Array>,
  onError: (error: Error) => void,
): Generator<Uint8Array> {
  let sent = 0;
  for (const chunk of chunks) {
    sent += chunk.byteLength;
    if (sent > length) break;
    if (chunk.byteLength > 0) yield chunk;
  }
  if (sent !== length) {
    const made = sent > length ? `more than ${length}` : String(sent);
    const error = new RangeError(`generated body: ${made} bytes made, ${length} declared`);
    onError(error);
    throw error;
  }
}
