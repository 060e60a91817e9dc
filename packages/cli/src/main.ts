#!/usr/bin/env node
// The `fleetscore` command's composition root: the real process streams and environment.
import { commands } from './commands/index.js';
import { runCli } from './program.js';

const code = await runCli(
  process.argv.slice(2),
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
