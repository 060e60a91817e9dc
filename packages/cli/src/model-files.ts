import { readdir } from 'node:fs/promises';
import { ID_PATTERN } from '@fleetscore/shared/ids';
import { UsageError } from './program.js';

const MODEL_FILE = /^model_(.+)_([A-Za-z0-9.-]+?)(?:\.(?:json|pkl|pickle|joblib|gz|z))?$/;

/** `model_{device}_{tag}[.ext]` files in a folder, keyed `device/tag`; the tag has no `_`. */
export async function listModelFiles(dir: string): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new UsageError(`cannot read models folder ${dir}: ${(error as Error).message}`);
  }
  const models = new Map<string, string>();
  const refused: string[] = [];
  for (const name of names.sort()) {
    const match = MODEL_FILE.exec(name);
    if (!name.startsWith('model_')) continue;
    // A model file whose name gives no valid ids (`model_.._x`, a space, a look-alike) is an
    // error, not a file to skip: its ids would become blob names.
    if (!match || !ID_PATTERN.test(match[1]!) || !ID_PATTERN.test(match[2]!)) {
      refused.push(JSON.stringify(name));
      continue;
    }
    models.set(`${match[1]}/${match[2]}`, name);
  }
  if (refused.length > 0) {
    throw new UsageError(
      `${dir}: model file names must be model_{device}_{tag} with ids of 1–64 A–Z a–z 0–9 _ . - (not dots alone): ${refused.join(', ')}`,
    );
  }
  return models;
}
