import { type HealthCheck, runHealthChecks } from '@fleetscore/shared';
import {
  blobCheck,
  openBlobStore,
  openEventStream,
  openJobQueue,
  queueCheck,
  streamCheck,
} from '@fleetscore/shared/adapters';
import type { Command } from 'commander';
import { backendConfigSchema, deploymentConfig } from '../deployment-config.js';
import { EXIT, type Io } from '../program.js';

export function registerHealth(program: Command, io: Io): void {
  program
    .command('health')
    .description(
      'check that the configured backends answer (event stream, job queue, blob storage), through the same adapters the services use',
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = deploymentConfig(backendConfigSchema, io.env);
      const closers: (() => Promise<void>)[] = [];
      const checks: HealthCheck[] = [];
      try {
        // Opening can itself fail (e.g. creating the container); that is a failed check too.
        const stream = await openEventStream(config, 'readings');
        closers.push(() => stream.close());
        const redis = await streamCheck(config, stream);
        closers.push(() => redis.close());
        checks.push(redis);
        checks.push(await openBlobStore(config.storage).then(blobCheck, failing('blob')));
        const queue = await openJobQueue<unknown>(config);
        closers.push(() => queue.close());
        checks.push(queueCheck(queue));
        const report = await runHealthChecks(checks, 5_000);
        if (opts.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else {
          io.stdout.write(`backend ${config.backend.kind}\n`);
          for (const [name, r] of Object.entries(report.checks)) {
            io.stdout.write(
              `${name.padEnd(8)} ${r.ok ? 'ok' : 'FAILED'}  ${r.ms} ms${r.error ? `  ${r.error}` : ''}\n`,
            );
          }
        }
        if (!report.ok) process.exitCode = EXIT.failed;
      } finally {
        await Promise.allSettled(closers.map((close) => close()));
      }
    });
}

const failing =
  (name: string) =>
  (error: unknown): HealthCheck => ({
    name,
    check: async () => {
      throw error;
    },
  });
