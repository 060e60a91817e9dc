#!/usr/bin/env node
// The `fleetscore` command's composition root: the real process streams and environment.
import { STANDALONE_COMMANDS } from './commands/standalone.js';
import { runCli } from './program.js';

const argv = process.argv.slice(2);
const standalone = STANDALONE_COMMANDS.get(argv[0] ?? '');
const commands = standalone ? [await standalone()] : (await import('./commands/index.js')).commands;
const code = await runCli(
  argv,
  {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    // The developer's `az login`, a managed identity or AZURE_* variables, in the SDK's order.
    credential: async () => new (await import('@azure/identity')).DefaultAzureCredential(),
  },
  commands,
);
// A command that finishes with partial failures sets process.exitCode itself.
process.exitCode = code === 0 ? (process.exitCode ?? 0) : code;
