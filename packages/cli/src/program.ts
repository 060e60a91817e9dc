import { failureReason } from '@fleetscore/shared/errors';
import { Command, CommanderError } from 'commander';
import type { CredentialSource } from './entra-token.js';

/** What a command gets from its process; tests pass buffers, main.ts the process's own. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /**
   * The Entra ID credential of `--auth entra`, called on the first request that needs a
   * token (so other commands never load `@azure/identity`). main.ts: DefaultAzureCredential.
   */
  credential: CredentialSource;
}

/** Exit codes: 0 success, 1 the work failed, 2 bad usage or bad configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A usage error raised by a command after commander parsed it (e.g. a bad file format). */
export class UsageError extends Error {}

export type Register = (program: Command, io: Io) => void;

export function buildProgram(io: Io, commands: readonly Register[]): Command {
  const program = new Command('fleetscore')
    .description('Fleetscore: score fleets of one-class SVM models from the command line.')
    .version(process.env.npm_package_version ?? '0.1.0', '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();
  for (const register of commands) register(program, io);
  // Sub-commands inherit the exit override and output streams.
  for (const command of program.commands) applyToTree(command, program);
  return program;
}

function applyToTree(command: Command, root: Command): void {
  command.exitOverride().configureOutput(root.configureOutput());
  command.showHelpAfterError('(run with --help for usage)');
  for (const sub of command.commands) applyToTree(sub, root);
}

/** Runs the CLI and returns the exit code instead of exiting, so tests can call it. */
export async function runCli(argv: string[], io: Io, commands: readonly Register[]) {
  const program = buildProgram(io, commands);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`fleetscore: ${error.message}\n`);
      return EXIT.usage;
    }
    const code = (error as { exitCode?: unknown }).exitCode;
    io.stderr.write(`fleetscore: ${failureReason(error)}\n`);
    return typeof code === 'number' ? code : EXIT.failed;
  }
}
