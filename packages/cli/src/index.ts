export { buildProgram, EXIT, type Io, runCli, UsageError } from './program.js';
