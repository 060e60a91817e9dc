import { type BlobStore, UnavailableError } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { fitSensorModel } from '../scorer.test-helper.js';
import { decodeModelPack } from './model-pack.js';
import { createModelPackWriter } from './model-pack-writer.js';

const NAME = 'model-packs/abc.ndjson';
const packed = [
  { entity: 'd1/t', version: 2, loaded: { model: fitSensorModel('d1/t'), version: 2, bytes: 1 } },
];

/** A store whose `put` keeps what it is given, or fails as told. */
function store(fail?: (signal: AbortSignal | undefined) => Error) {
  const puts: { name: string; body: string; contentType?: string }[] = [];
  const blobs: Pick<BlobStore, 'put'> = {
    put: async (name, body, options) => {
      if (fail) throw fail(options?.signal);
      puts.push({ name, body: String(body), contentType: options?.contentType });
      return { etag: '"1"' };
    },
  };
  return { blobs, puts };
}

/** Writes the pack for a job that is not aborted; the job's warnings. */
async function write(blobs: Pick<BlobStore, 'put'>): Promise<string[]> {
  const warnings: string[] = [];
  const log = { warn: (message: string) => warnings.push(message) };
  await createModelPackWriter(blobs).write(NAME, packed, log, new AbortController().signal);
  return warnings;
}

describe('model pack writer', () => {
  it('puts the pack as NDJSON under its name', async () => {
    const { blobs, puts } = store();
    const warnings = await write(blobs);
    expect(puts.map((p) => [p.name, p.contentType])).toEqual([[NAME, 'application/x-ndjson']]);
    expect(decodeModelPack(Buffer.from(puts[0]!.body))[0]).toMatchObject({ entity: 'd1/t' });
    expect(warnings).toEqual([]);
  });

  it('turns a failed write into a warning of the job', async () => {
    const { blobs } = store(() => new UnavailableError('storage down'));
    expect(await write(blobs)).toEqual([`model pack ${NAME} not written: storage down`]);
  });

  it('passes an abort on: the job is being handed back', async () => {
    const aborted = new AbortController();
    aborted.abort(new Error('handed back'));
    const { blobs } = store((signal) => signal?.reason as Error);
    const write = createModelPackWriter(blobs).write(
      NAME,
      packed,
      { warn: () => {} },
      aborted.signal,
    );
    await expect(write).rejects.toThrow('handed back');
  });
});
