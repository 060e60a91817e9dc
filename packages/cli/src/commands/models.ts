import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelEntryBody } from '@fleetscore/shared';
import type { Command } from 'commander';
import { type ApiClient, modelPath } from '../api-client.js';
import { addApiOptions, apiClientFor } from '../api-connection.js';
import { ApiProblemError, ApiRequestError } from '../api-errors.js';
import { listModelFiles } from '../model-files.js';
import { EXIT, type Io, UsageError } from '../program.js';
import { progress } from '../progress.js';

const json = (io: Io, value: unknown) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** `fleetscore models …`: the model registry through the scheduler's REST API. */
export function registerModels(program: Command, io: Io): void {
  const models = addApiOptions(
    program
      .command('models')
      .description(
        'upload, list, promote and roll back registered models (the REST API at --api-url)',
      ),
  );
  const client = () => apiClientFor(models.opts(), io);

  models
    .command('upload <entity> <file>')
    .description(
      'upload a model file (v1 JSON, pickle or joblib) as the next version of device/sensor (or device)',
    )
    .option('--no-current', 'keep the current version; only store the new one')
    .option('--note <text>', 'provenance kept with the version')
    .action(async (entity: string, file: string, opts: { current: boolean; note?: string }) => {
      modelPath(entity);
      const bytes = await readModelFile(file);
      const version = await client().upload(entity, bytes, {
        current: opts.current,
        ...(opts.note ? { note: opts.note } : {}),
      });
      io.stdout.write(
        `${version.entity} v${version.version} (${version.source}, ${version.nSupport} support vectors)${opts.current ? ' current' : ''}\n`,
      );
    });

  models
    .command('list')
    .description('entities with models and their current versions')
    .option('--device <id>', 'only this device')
    .option('--json', 'print the entries as JSON')
    .action(async (opts: { device?: string; json?: boolean }) => {
      const api = client();
      const entries: ModelEntryBody[] = [];
      let continuation: string | undefined;
      do {
        const page = await api.listModels({
          ...(opts.device ? { device: opts.device } : {}),
          ...(continuation ? { continuation } : {}),
        });
        entries.push(...page.items);
        continuation = page.continuation;
      } while (continuation);
      if (opts.json) return void json(io, entries);
      for (const entry of entries) io.stdout.write(`${entryLine(entry)}\n`);
      if (entries.length === 0) io.stderr.write('no models\n');
    });

  models
    .command('show <entity>')
    .description("an entity's current version and its versions, newest first")
    .option('--json', 'print as JSON')
    .action(async (entity: string, opts: { json?: boolean }) => {
      const detail = await client().getModel(entity);
      if (opts.json) return void json(io, detail);
      io.stdout.write(`${entryLine(detail.entry)}\n`);
      for (const v of detail.versions) {
        const mark = v.version === detail.entry.current ? '*' : ' ';
        io.stdout.write(
          `${mark} v${v.version}  ${v.createdAt}  ${v.source.padEnd(8)} ${v.kernel} ${v.nSupport} SV  features ${v.features.join(',')}${v.note ? `  ${v.note}` : ''}\n`,
        );
      }
    });

  models
    .command('promote <entity> <version>')
    .description('make a version current (an older one rolls back to it)')
    .action(async (entity: string, version: string) => {
      const n = Number(version.replace(/^v/, ''));
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`not a version: ${version}`);
      io.stdout.write(`${entryLine(await client().setCurrent(entity, n))}\n`);
    });

  models
    .command('rollback <entity>')
    .description('make the previously current version current again')
    .action(async (entity: string) => {
      io.stdout.write(`${entryLine(await client().rollback(entity))}\n`);
    });

  models
    .command('import-dir <dir>')
    .description(
      'upload every model_{device}_{tag} file of a folder (pickle, joblib or v1 JSON) as the current model of device/tag',
    )
    .action(async (dir: string) => {
      const failed = await importDir(client(), dir, io);
      if (failed > 0) process.exitCode = EXIT.failed;
    });
}

/** Uploads each model file; a bad one is reported and the rest still go in. Returns failures. */
async function importDir(api: ApiClient, dir: string, io: Io): Promise<number> {
  const files = await listModelFiles(dir);
  if (files.size === 0) throw new UsageError(`no model_{device}_{tag} files in ${dir}`);
  const bar = progress(io.stderr as NodeJS.WritableStream & { isTTY?: boolean }, 'importing');
  let done = 0;
  let failed = 0;
  for (const [entity, name] of files) {
    try {
      const version = await api.upload(entity, await readModelFile(join(dir, name)), {
        note: name,
      });
      io.stdout.write(`${entity} v${version.version} (${version.source}) ← ${name}\n`);
    } catch (error) {
      failed += 1;
      io.stderr.write(`${name}: ${(error as Error).message}\n`);
      // The API being down, slow or refusing the credential fails every file the same way.
      if (error instanceof ApiRequestError || refused(error)) throw error;
    }
    bar.update(++done, files.size);
  }
  bar.done();
  io.stderr.write(
    `imported ${files.size - failed} of ${files.size} models${failed ? `, ${failed} failed` : ''}\n`,
  );
  return failed;
}

const refused = (error: unknown) =>
  error instanceof ApiProblemError &&
  (error.problem.status === 401 || error.problem.status === 403);

async function readModelFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read model file ${path}: ${(error as Error).message}`);
  }
}

function entryLine(entry: ModelEntryBody): string {
  const previous = entry.previous ? `  previous v${entry.previous}` : '';
  return `${entry.entity.padEnd(30)} current v${entry.current}  latest v${entry.latest}${previous}  ${entry.updatedAt}`;
}
