// deploy/Dockerfile and .dockerignore, offline (no Docker engine here; hadolint is not in
// apt): the structure a production image needs, read with dockerfile-ast.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { configSchemas, describeConfig } from '@fleetscore/shared';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { HEALTH_PORTS, healthUrl } from '../../deploy/docker/healthcheck.mjs';
import { OPS_PORTS, REPO, readJson, readRepoFile, SERVICES } from './files.js';

const source = readRepoFile('deploy/Dockerfile');
const dockerfile = DockerfileParser.parse(source);
const instructions = dockerfile.getInstructions();

/** The instructions of each stage, split at FROM; the global ARGs before the first are stage -1. */
function stages(): { from: Instruction; body: Instruction[] }[] {
  const result: { from: Instruction; body: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') result.push({ from: instruction, body: [] });
    else result.at(-1)?.body.push(instruction);
  }
  return result;
}

const finalStage = stages().at(-1);
const finalOf = (keyword: string) =>
  finalStage?.body.filter((i) => i.getKeyword() === keyword) ?? [];
const argDefault = (name: string) =>
  instructions
    .filter((i) => i.getKeyword() === 'ARG')
    .map((i) => /^(\w+)=(.*)$/.exec(i.getArgumentsContent() ?? ''))
    .find((m) => m?.[1] === name)?.[2];
const execForm = (instruction: Instruction | undefined) =>
  JSON.parse(instruction?.getArgumentsContent() ?? 'null') as unknown;

describe('deploy/Dockerfile', () => {
  it('parses, with no instruction the parser flags', () => {
    expect(instructions.length).toBeGreaterThan(10);
    for (const instruction of instructions) {
      expect(instruction.getKeyword()).toMatch(/^[A-Z]+$/);
    }
  });

  it("is multi-stage: builds in one stage, runs from a fresh slim base of the project's Node major", () => {
    expect(stages().length).toBeGreaterThanOrEqual(3);
    expect(finalStage?.from.getArgumentsContent()).toMatch(/^\$\{NODE_IMAGE\} AS runtime$/);
    const major = readRepoFile('.node-version').trim().split('.')[0];
    expect(Number(major)).toBeGreaterThanOrEqual(24);
    expect(argDefault('NODE_IMAGE')).toMatch(new RegExp(`^node:${major}-[a-z]+-slim$`));
  });

  it('installs with the pinned pnpm from the lockfile, offline, and deploys the one service --prod', () => {
    const pkg = readJson('package.json') as { packageManager: string };
    expect(`pnpm@${argDefault('PNPM_VERSION')}`).toBe(pkg.packageManager);
    expect(source).toMatch(/pnpm fetch --frozen-lockfile/);
    expect(source).toMatch(/pnpm install --offline --frozen-lockfile/);
    expect(source).toMatch(
      /pnpm --filter "@fleetscore\/\$\{SERVICE\}" --prod --offline deploy \/out/,
    );
  });

  it('copies into the runtime stage only the deployed service and the health check', () => {
    const copies = finalOf('COPY').map((i) => i.getTextContent());
    expect(copies).toEqual([
      'COPY --from=build /out/ ./',
      'COPY deploy/docker/healthcheck.mjs ./healthcheck.mjs',
    ]);
    expect(finalOf('RUN')).toEqual([]);
  });

  it('runs as a non-root user', () => {
    const users = finalOf('USER').map((i) => i.getArgumentsContent() ?? '');
    expect(users.length).toBe(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
  });

  it('has a HEALTHCHECK running the health script in exec form', () => {
    const [check] = finalOf('HEALTHCHECK');
    const command = /CMD (\[.*\])$/.exec(check?.getArgumentsContent() ?? '')?.[1];
    expect(JSON.parse(command ?? 'null')).toEqual(['node', 'healthcheck.mjs']);
  });

  it('starts node in exec form, so SIGTERM reaches it (no shell, no ENTRYPOINT wrapper)', () => {
    const cmds = finalOf('CMD');
    expect(cmds.length).toBe(1);
    expect(execForm(cmds[0])).toEqual(['node', 'dist/main.js']);
    expect(finalOf('ENTRYPOINT')).toEqual([]);
  });

  it('holds no secret in ENV or ARG', () => {
    for (const instruction of instructions) {
      if (!['ENV', 'ARG'].includes(instruction.getKeyword())) continue;
      const text = instruction.getArgumentsContent() ?? '';
      expect(text).not.toMatch(/SECRET|PASSWORD|TOKEN|API_KEY|CONNECTION_STRING|CREDENTIAL/i);
      expect(text).not.toMatch(/AccountKey=|SharedAccessKey=/);
    }
  });

  it.each(SERVICES)(
    'builds %s: its package, project and entry point exist as the file assumes',
    (s) => {
      const pkg = readJson(`services/${s}/package.json`) as {
        name: string;
        scripts?: Record<string, string>;
      };
      expect(pkg.name).toBe(`@fleetscore/${s}`);
      expect(pkg.scripts?.start).toBe('node dist/main.js');
      expect(existsSync(resolve(REPO, `services/${s}/tsconfig.json`))).toBe(true);
      expect(existsSync(resolve(REPO, `services/${s}/src/main.ts`))).toBe(true);
    },
  );
});

describe('deploy/docker/healthcheck.mjs', () => {
  it.each(SERVICES)('checks %s on the port variable and default its schema has', (service) => {
    const { variable, default: port } = HEALTH_PORTS[service];
    // The ops listener, as every deployment file has it (files.ts).
    expect(variable).toBe('FLEETSCORE_HEALTH_PORT');
    expect(port).toBe(OPS_PORTS[service]);
    const schemaVariable = describeConfig(configSchemas[service]).find((v) => v.name === variable);
    expect(schemaVariable?.default).toBe(`\`${port}\``);
    expect(healthUrl(service, {})).toBe(`http://127.0.0.1:${port}/healthz`);
    expect(healthUrl(service, { [variable]: '9999' })).toBe('http://127.0.0.1:9999/healthz');
  });

  it('refuses an unknown service', () => {
    expect(() => healthUrl('nope', {})).toThrow(/unknown service/);
  });
});

describe('.dockerignore', () => {
  const patterns = readRepoFile('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const ignored = (path: string) => patterns.some((pattern) => globMatches(pattern, path));

  it('keeps out host builds, installs, VCS data and secrets', () => {
    for (const path of [
      'node_modules/x',
      'services/scorer/node_modules/x',
      'services/scorer/dist/main.js',
      '.git/HEAD',
      '.env',
      'services/ingest/.env.local',
      '.gitignore',
    ]) {
      expect(ignored(path), path).toBe(true);
    }
  });

  it('keeps in what the build reads', () => {
    const workspace = readRepoFile('pnpm-workspace.yaml');
    const globs = [...workspace.matchAll(/^\s+- (\S+)\/\*$/gm)].map((m) => m[1]);
    for (const path of [
      'pnpm-lock.yaml',
      'pnpm-workspace.yaml',
      '.npmrc',
      'package.json',
      'tsconfig.base.json',
      'deploy/Dockerfile',
      'deploy/docker/healthcheck.mjs',
      'services/scorer/src/main.ts',
      'packages/shared/src/index.ts',
      'test/package.json',
      'bench/package.json',
      ...globs.map((glob) => `${glob}/x/package.json`),
    ]) {
      expect(ignored(path), path).toBe(false);
    }
  });
});

/** Docker's matching: `*` within a segment, `**` across; a match of a parent matches its files. */
function globMatches(pattern: string, path: string): boolean {
  const regex = pattern
    .replace(/^\//, '')
    .split('/')
    .map((segment) =>
      segment === '**'
        ? '(?:.*)'
        : segment
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
    )
    .join('/')
    .replace(/\(\?:\.\*\)\//g, '(?:.*/)?');
  return new RegExp(`^${regex}(?:/.*)?$`).test(path);
}
