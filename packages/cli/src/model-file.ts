import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  detectModelFile,
  importSklearnModel,
  isModelFormatError,
  type OcsvmModel,
  parseModel,
} from '@fleetscore/svm';
import { UsageError } from './program.js';

export type ModelSource = 'json' | 'pickle' | 'joblib';

/**
 * Reads a model file of any supported kind, told apart by content rather than by name:
 * a fleetscore.ocsvm/v1 JSON document, a scikit-learn pickle, or a joblib file. Pickles are
 * read by the restricted importer, which never executes anything.
 */
export async function loadModelFile(
  path: string,
  options: { features?: readonly string[] } = {},
): Promise<{ model: OcsvmModel; source: ModelSource }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  return modelOfFile(path, bytes, options);
}

/** The error of a model file that cannot be read, as `loadModelFile` words it. */
export const unreadable = (path: string, error: unknown) =>
  new UsageError(`cannot read model file ${path}: ${(error as Error).message}`);

/** The model in a file's bytes, whatever its kind; `path` names the file in errors. */
export function modelOfFile(
  path: string,
  bytes: Uint8Array,
  options: { features?: readonly string[] },
): { model: OcsvmModel; source: ModelSource } {
  const kind = detectModelFile(bytes);
  try {
    if (kind === 'json') {
      const model = parseModel(JSON.parse(Buffer.from(bytes).toString('utf8')));
      return { model, source: 'json' };
    }
    if (kind === 'pickle') return { model: importSklearnModel(bytes, options), source: 'pickle' };
    // The importer itself refuses other compressors with a hint on how to re-save the file.
    if (kind.startsWith('joblib') || kind.startsWith('unknown-compressed')) {
      return { model: importSklearnModel(bytes, options), source: 'joblib' };
    }
  } catch (error) {
    const what = isModelFormatError(error) ? 'invalid model document' : 'cannot import';
    throw new UsageError(`${what} ${path}: ${(error as Error).message}`);
  }
  throw new UsageError(
    `${path} is not a model file Fleetscore reads (${kind}): expected a fleetscore.ocsvm/v1 JSON document, a scikit-learn pickle, or a joblib file`,
  );
}

/** Model files to read: a folder and its `[key, file]` pairs. */
export interface ModelFilesTask {
  dir: string;
  files: [string, string][];
}
/** Each key's model, or the message of why it has none (plain data: it crosses threads). */
export type ModelFilesResult = [string, { model: OcsvmModel } | { message: string }][];

/** Reads and parses each file of the task on this thread, one after the other. */
export function loadModelFiles({ dir, files }: ModelFilesTask): ModelFilesResult {
  return files.map(([key, file]) => {
    const path = join(dir, file);
    try {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (error) {
        throw unreadable(path, error);
      }
      return [key, { model: modelOfFile(path, bytes, {}).model }];
    } catch (error) {
      return [key, { message: (error as Error).message }];
    }
  });
}
