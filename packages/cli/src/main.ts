#!/usr/bin/env node
// The `fleetscore` command's composition root: the real process streams and environment.
import { commands } from './commands/index.js';
import { runCli } from './program.js';

const code = await runCli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env },
  commands,
);
process.exitCode = code;
