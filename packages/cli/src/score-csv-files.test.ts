import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitOneClassSvm, type OcsvmModel, toDocument } from '@fleetscore/svm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetFile } from './fleet-table/fleet-file.test-helper.js';
import { type FleetReader, scoreCsvFiles } from './score-csv-files.js';

/**
 * The whole of score-csv on random fleets, once through the byte table and once through the
 * csv-parse path it falls back to (today's reader and csv-stringify writer): the same results
 * and the same folder of files, byte for byte — or the same error.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'score-csv-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const IDS = ['1', '2', '17', 'dev0', 'a.b', 'x_y-z'];
const KEYS = IDS.flatMap((device) => IDS.map((tag) => `${device}/${tag}`));

/** A model fitted on values around `level` (one feature), or on pairs (two: not score-csv's). */
function model(level: number, nFeatures = 1): OcsvmModel {
  const rows = Float64Array.from({ length: 40 * nFeatures }, (_, i) => level + Math.sin(i));
  return fitOneClassSvm(rows, nFeatures, { nu: 0.2 });
}

/** Per key: no model, a model around a level, a two-feature model, or a file that is none. */
const modelFiles = fc.array(fc.constantFrom('none', 'none', 'level', 'level', 'two', 'junk'), {
  minLength: KEYS.length,
  maxLength: KEYS.length,
});

async function folder(path: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(path)).sort()) {
    files[name] = (await readFile(join(path, name))).toString('base64');
  }
  return files;
}

let serial = 0;
async function run(models: string, data: string, reader: FleetReader) {
  const out = join(dir, `out-${serial++}`);
  try {
    const scored = await scoreCsvFiles({ models, data, out }, { reader });
    return { ...scored, files: await folder(out) };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

describe('score-csv through the byte table and through csv-parse', () => {
  it('writes the same files and gives the same results', async () => {
    let viaTable = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fleetFile(), fleetFile({ tidy: true })),
        modelFiles,
        async (text, kinds) => {
          const run_ = join(dir, `run-${serial++}`);
          const models = join(run_, 'models');
          await mkdir(models, { recursive: true });
          for (const [i, kind] of kinds.entries()) {
            const [device, tag] = KEYS[i]!.split('/');
            const path = join(models, `model_${device}_${tag}.json`);
            if (kind === 'level') await writeFile(path, JSON.stringify(toDocument(model(i % 7))));
            if (kind === 'two') await writeFile(path, JSON.stringify(toDocument(model(1, 2))));
            if (kind === 'junk') await writeFile(path, '{"not": "a model"}');
          }
          const data = join(run_, 'data.csv');
          await writeFile(data, text);
          const fast = await run(models, data, 'table');
          const reference = await run(models, data, 'csv-parse');
          await rm(run_, { recursive: true, force: true });
          if ('reader' in fast && fast.reader === 'table') viaTable += 1;
          expect('reader' in reference ? reference.reader : undefined).not.toBe('table');
          const { reader: _fast, ...fastRest } = fast as { reader?: FleetReader };
          const { reader: _reference, ...referenceRest } = reference as { reader?: FleetReader };
          expect(fastRest).toEqual(referenceRest);
        },
      ),
      { numRuns: 120 },
    );
    expect(viaTable).toBeGreaterThan(60);
  });
});
