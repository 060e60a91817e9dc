import { openJobQueue } from '@fleetscore/shared/adapters';
import type { Command } from 'commander';
import { backendConfigSchema, deploymentConfig } from '../deployment-config.js';
import { type Io, UsageError } from '../program.js';
import { startAutoscaler } from '../scale-local/autoscaler.js';
import { spawnScorer } from '../scale-local/scorer-process.js';

const positive = (name: string, min: number) => (text: string) => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(text)}`);
  }
  return n;
};

interface ScaleLocalOptions {
  max: number;
  idleSeconds: number;
  jobsPerReplica: number;
  pollSeconds: number;
}

export function registerScaleLocal(program: Command, io: Io): void {
  program
    .command('scale-local')
    .description(
      'a local autoscaler: polls the scoring queue and starts scorer processes from the backlog (0 → --max), stopping them after --idle-seconds without work; Ctrl-C stops it and drains every scorer',
    )
    .option('--max <n>', 'most scorer processes', positive('--max', 1), 4)
    .option(
      '--idle-seconds <s>',
      'how long scorers must be surplus before they are stopped',
      positive('--idle-seconds', 0),
      60,
    )
    .option(
      '--jobs-per-replica <n>',
      'jobs one scorer runs at once (its FLEETSCORE_SCORER_CONCURRENCY, default 2)',
      positive('--jobs-per-replica', 1),
    )
    .option(
      '--poll-seconds <s>',
      'between two looks at the queue',
      positive('--poll-seconds', 1),
      2,
    )
    .action(async (opts: Partial<ScaleLocalOptions>) => {
      const config = deploymentConfig(backendConfigSchema, io.env);
      const jobsPerReplica =
        opts.jobsPerReplica ??
        positive('FLEETSCORE_SCORER_CONCURRENCY', 1)(io.env.FLEETSCORE_SCORER_CONCURRENCY ?? '2');
      const say = (line: string) => io.stderr.write(`scale-local: ${line}\n`);
      const queue = await openJobQueue<unknown>(config);
      const scaler = startAutoscaler({
        queue,
        policy: { jobsPerReplica, max: opts.max ?? 4, idleMs: (opts.idleSeconds ?? 60) * 1000 },
        pollMs: (opts.pollSeconds ?? 2) * 1000,
        // Scorers get the same backend, storage and queue settings, and their own concurrency.
        startScorer: () =>
          spawnScorer(
            { ...io.env, FLEETSCORE_SCORER_CONCURRENCY: String(jobsPerReplica) },
            (line) => io.stdout.write(`${line}\n`),
          ),
        report: say,
      });
      say(`watching the queue (max ${opts.max ?? 4}, ${jobsPerReplica} jobs per scorer)`);
      const signal = await new Promise<string>((resolve) => {
        for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => resolve(s));
      });
      say(`${signal}: stopping ${scaler.running} scorer(s), they drain`);
      await scaler.close();
      await queue.close();
    });
}
