// Runs a command with Node 24 first on PATH (toolchain.mjs), so that `node`, tsx, vitest, pnpm
// and every process they start run on the project's Node, even on a machine whose own is older.
// Every root script of package.json goes through it.
//
//   node deploy/local/with-node.mjs [--setup] <command> [args…]
//     --setup   first install Node 24 / pnpm / dependencies and build (setup.mjs)
//
// Exits with the command's status; Ctrl-C and SIGTERM reach the command, which decides.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { setup } from './setup.mjs';
import { ensureNode, envWith } from './toolchain.mjs';

const args = process.argv.slice(2);
const withSetup = args[0] === '--setup';
const [command, ...rest] = withSetup ? args.slice(1) : args;
if (command === undefined) {
  console.error('usage: node deploy/local/with-node.mjs [--setup] <command> [args…]');
  process.exit(2);
}

let env;
try {
  env = withSetup ? setup() : envWith(ensureNode());
} catch (error) {
  console.error(`[node] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const child = spawn(command, rest, { stdio: 'inherit', env, cwd: process.cwd() });
// The terminal sends Ctrl-C to the whole process group; the child handles it. A SIGTERM sent to
// this process alone (a supervisor, a CI timeout) is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('error', (error) => {
  console.error(`[node] could not start ${command}: ${error.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  // A child ended by a signal exits as a shell reports it: 128 + the signal's number.
  process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
});
