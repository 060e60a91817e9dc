// azure.yaml against the schema azd publishes (the URL its first line names). CI only
// (.github/workflows/emulators.yml): it downloads the schema, which the machines this repository
// is developed on cannot. Exit 1 with the schema's errors when azure.yaml does not conform.
import { Ajv2019 } from 'ajv/dist/2019.js';
import { readRepoFile, readYaml } from './files.js';

const first = readRepoFile('azure.yaml').split('\n')[0] ?? '';
const url = /\$schema=(\S+)/.exec(first)?.[1];
if (!url) throw new Error('azure.yaml: no yaml-language-server $schema on its first line');
const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
const validate = new Ajv2019({ strict: false, allErrors: true }).compile(
  (await response.json()) as Record<string, unknown>,
);
if (!validate(readYaml('azure.yaml'))) {
  console.error(JSON.stringify(validate.errors, null, 2));
  process.exit(1);
}
console.log(`azure.yaml conforms to ${url}`);
