// The templates of deploy/azure as the offline Bicep checks read them: every Bicep file (main,
// resources and each module) and main.parameters.json, from the repository root.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO, readJson, readRepoFile } from './files.js';

export const AZURE_DIR = 'deploy/azure';

/** Paths below AZURE_DIR: main.bicep, resources.bicep and modules/*. */
export const BICEP_FILES = [
  'main.bicep',
  'resources.bicep',
  ...readdirSync(resolve(REPO, AZURE_DIR, 'modules')).map((f) => `modules/${f}`),
];

/** A file below AZURE_DIR. */
export const bicepText = (file: string) => readRepoFile(`${AZURE_DIR}/${file}`);
export const ALL_BICEP = BICEP_FILES.map((file) => ({ file, text: bicepText(file) }));
export const MAIN_BICEP = bicepText('main.bicep');
/** resources.bicep: the resource group's resources and the apps' env lists. */
export const RESOURCES_BICEP = bicepText('resources.bicep');

export interface MainParameters {
  parameters: Record<string, { value: unknown }>;
}
export const readMainParameters = () =>
  readJson(`${AZURE_DIR}/main.parameters.json`) as MainParameters;
