/**
 * `pnpm demo`: the README's first command. The simulated fleet by default, the reference
 * solution's own data with `--reference`; `--help` for the options. Details: docs/demo.md.
 */
import { DEMO_HELP, DemoUsageError, parseDemoArgs } from './demo/options.js';

try {
  const options = parseDemoArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(DEMO_HELP);
  } else if (options.reference) {
    const { runReferenceDemo } = await import('./demo/reference.js');
    process.exitCode = await runReferenceDemo(options);
  } else {
    const { runSimulatedDemo } = await import('./demo/simulated.js');
    process.exitCode = await runSimulatedDemo(options);
  }
} catch (error) {
  if (error instanceof DemoUsageError) {
    process.stderr.write(`${error.message}\n\n${DEMO_HELP}`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`demo failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
