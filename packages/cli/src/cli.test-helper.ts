import { PassThrough } from 'node:stream';
import { commands } from './commands/index.js';
import type { CredentialSource } from './entra-token.js';
import { runCli } from './program.js';

/** Runs the CLI in-process with captured output, as a user would from the shell. */
export const fleetscore = (...argv: string[]) => fleetscoreWithEnv({}, ...argv);

/** The same, with environment variables (configuration) for the command. */
export const fleetscoreWithEnv = (env: NodeJS.ProcessEnv, ...argv: string[]) =>
  fleetscoreWith({ env }, ...argv);

/** A test process has no Entra ID sign-in unless a test gives it one. */
const noCredential: CredentialSource = () => {
  const error = new Error('no Entra ID credential in this test');
  error.name = 'CredentialUnavailableError';
  throw error;
};

/** The same, with the process's Entra ID credential too. */
export async function fleetscoreWith(
  context: { env?: NodeJS.ProcessEnv; credential?: CredentialSource },
  ...argv: string[]
) {
  const { env = {}, credential = noCredential } = context;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const exitCodeBefore = process.exitCode;
  const code = await runCli(argv, { stdout, stderr, env, credential }, commands);
  // Commands that finish with partial failures set process.exitCode; report and reset it.
  const exitCode = process.exitCode ?? code;
  process.exitCode = exitCodeBefore;
  return {
    code: code === 0 ? Number(exitCode) : code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

export const referenceDir = new URL('../../../../shared/reference/', import.meta.url).pathname;
export const svmFixtures = new URL('../../svm/fixtures/', import.meta.url).pathname;
