import { createHash } from 'node:crypto';
import {
  isModelFormatError,
  isPickleSecurityError,
  isUnsupportedModelError,
  type OcsvmModel,
  parseModel,
  readModelFile,
  toDocument,
} from '@fleetscore/svm';
import { InvalidModelError } from './errors.js';
import type { ModelVersion } from './registry.js';

/** A model ready to store: its v1 document's bytes and what the version record says of it. */
export interface PreparedModel {
  body: string;
  sha256: string;
  source: ModelVersion['source'];
  features: string[];
  nSupport: number;
  kernel: string;
}

/** The importer's placeholder names for a pickle fitted without column names: x0, x1, …. */
function hasPlaceholderNames(model: OcsvmModel): boolean {
  return model.features.every((name, i) => name === `x${i}`);
}

/**
 * Converts an uploaded file (told apart by content) to a stored v1 document. Pickles and
 * joblib files go through the restricted importer, never executed. A one-feature pickle
 * without column names gets the feature `Value` (the reference's column) unless `features`
 * are given. Every refusal becomes `InvalidModelError` with the importer's reason.
 */
export function prepareUpload(file: Uint8Array, features?: readonly string[]): PreparedModel {
  let read: ReturnType<typeof readModelFile>;
  try {
    read = readModelFile(file, features === undefined ? {} : { features });
  } catch (error) {
    if (
      isModelFormatError(error) ||
      isPickleSecurityError(error) ||
      isUnsupportedModelError(error) ||
      error instanceof RangeError
    ) {
      throw new InvalidModelError(`invalid model file: ${error.message}`, { cause: error });
    }
    throw error;
  }
  let { model } = read;
  if (read.source !== 'json' && features === undefined && hasPlaceholderNames(model)) {
    if (model.nFeatures === 1) model = { ...model, features: ['Value'] };
  }
  return prepare(model, read.source);
}

/** A model built in memory (a training run's): checked by a round trip through the parser. */
export function prepareModel(model: OcsvmModel, source: ModelVersion['source']): PreparedModel {
  try {
    return prepare(parseModel(toDocument(model)), source);
  } catch (error) {
    if (!isModelFormatError(error)) throw error;
    throw new InvalidModelError(`invalid model: ${error.message}`, { cause: error });
  }
}

function prepare(model: OcsvmModel, source: ModelVersion['source']): PreparedModel {
  const body = JSON.stringify(toDocument(model));
  return {
    body,
    sha256: createHash('sha256').update(body).digest('hex'),
    source,
    features: [...model.features],
    nSupport: model.nSupport,
    kernel: model.kernel,
  };
}

/** Parses a stored document; a corrupt one is reported by the caller with the blob's name. */
export function parseStored(body: Buffer): OcsvmModel {
  return parseModel(JSON.parse(body.toString('utf8')));
}
