import { type ReportBody, RUN_STATES, type RunBody, TERMINAL_RUN_STATES } from '@fleetscore/shared';
import { type Command, Option } from 'commander';
import type { ApiClient } from '../api-client.js';
import { addApiOptions, apiClientFor } from '../api-connection.js';
import { EXIT, type Io, UsageError } from '../program.js';

const json = (io: Io, value: unknown) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** `fleetscore runs …`: scoring runs through the scheduler's REST API. */
export function registerRuns(program: Command, io: Io): void {
  const runs = addApiOptions(
    program
      .command('runs')
      .description('list, start, watch, retry and cancel scoring runs (the REST API at --api-url)'),
  );
  const client = () => apiClientFor(runs.opts(), io);

  runs
    .command('list')
    .description('runs whose window starts in a range, newest first')
    .option('--from <ts>', 'window starts from (ISO 8601); default 7 days before --to')
    .option('--to <ts>', 'window starts until (exclusive); default tomorrow')
    .addOption(new Option('--status <state>', 'only runs in this state').choices(RUN_STATES))
    .option('--limit <n>', 'runs per page', (v) => positive(v, '--limit'), 50)
    .option('--continuation <token>', 'the next page, as printed after the previous one')
    .option('--json', 'print the page as JSON')
    .action(
      async (opts: {
        from?: string;
        to?: string;
        status?: string;
        limit: number;
        continuation?: string;
        json?: boolean;
      }) => {
        const page = await client().listRuns({
          from: opts.from && isoOption(opts.from, '--from'),
          to: opts.to && isoOption(opts.to, '--to'),
          status: opts.status,
          limit: opts.limit,
          continuation: opts.continuation,
        });
        if (opts.json) return void json(io, page);
        for (const run of page.items) io.stdout.write(`${runLine(run)}\n`);
        if (page.items.length === 0) io.stderr.write('no runs in this range\n');
        if (page.continuation) io.stderr.write(`more: --continuation ${page.continuation}\n`);
      },
    );

  runs
    .command('show <id>')
    .description('one run: state, jobs by state, timing, totals')
    .option('--json', 'print the run as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const run = await client().getRun(id);
      if (opts.json) return void json(io, run);
      io.stdout.write(showRun(run));
    });

  runs
    .command('jobs <id>')
    .description('the jobs of a run, in index order')
    .option('--json', 'print the jobs as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const api = client();
      const jobs = [];
      let continuation: string | undefined;
      do {
        const page = await api.listJobs(id, continuation);
        jobs.push(...page.items);
        continuation = page.continuation;
      } while (continuation);
      if (opts.json) return void json(io, jobs);
      for (const job of jobs) {
        const took = job.durationMs === undefined ? '' : `  ${job.durationMs} ms`;
        const error = job.error ? `  ${job.error}` : '';
        io.stdout.write(
          `${String(job.index).padStart(5)}  ${job.state.padEnd(13)} entities ${job.size}  attempts ${job.attempts}${took}${error}\n`,
        );
      }
    });

  runs
    .command('report <id>')
    .description("an ended run's completeness report")
    .option('--json', 'print the report as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const report = await client().report(id);
      if (opts.json) return void json(io, report);
      io.stdout.write(showReport(report));
    });

  runs
    .command('retry <id>')
    .description("re-enqueue a run's failed and dead-lettered jobs")
    .action(async (id: string) => {
      const { run, requeued } = await client().retry(id);
      io.stdout.write(
        `${run.id}: ${requeued} job${requeued === 1 ? '' : 's'} re-enqueued (${run.state})\n`,
      );
    });

  runs
    .command('cancel <id>')
    .description('cancel a run that has not ended')
    .action(async (id: string) => {
      const run = await client().cancel(id);
      io.stdout.write(`${run.id}: ${run.state}\n`);
    });

  runs
    .command('trigger')
    .description('start a scoring run over a window range (a backfill when in the past)')
    .requiredOption('--from <ts>', 'window ends from (ISO 8601, inclusive)')
    .requiredOption('--to <ts>', 'window ends until (exclusive)')
    .option(
      '--entities <keys>',
      'comma-separated device/sensor (or device) keys; default every model',
    )
    .option(
      '--wait',
      'wait for the run to end, with progress on stderr; exit 0 only if it succeeded',
    )
    .option('--interval <ms>', 'how often --wait polls, ms', (v) => positive(v, '--interval'), 2000)
    .action(
      async (opts: {
        from: string;
        to: string;
        entities?: string;
        wait?: boolean;
        interval: number;
      }) => {
        const api = client();
        const entities = opts.entities
          ?.split(',')
          .map((key) => key.trim())
          .filter(Boolean);
        const run = await api.trigger({
          from: isoOption(opts.from, '--from'),
          to: isoOption(opts.to, '--to'),
          ...(entities?.length ? { entities } : {}),
          trigger: 'cli',
        });
        io.stdout.write(`${run.id}\n`);
        if (!opts.wait) return;
        const ended = await waitForRun(api, run, io, opts.interval);
        io.stderr.write(
          `${ended.id} ended ${ended.state}${ended.reason ? `: ${ended.reason}` : ''}\n`,
        );
        if (ended.state !== 'succeeded') process.exitCode = EXIT.failed;
      },
    );
}

/** Polls the run until it ends, writing a line to stderr whenever its progress changes. */
async function waitForRun(
  api: ApiClient,
  started: RunBody,
  io: Io,
  intervalMs: number,
): Promise<RunBody> {
  let run = started;
  let last = '';
  while (!TERMINAL_RUN_STATES.includes(run.state)) {
    const line = progressLine(run);
    if (line !== last) io.stderr.write(`${line}\n`);
    last = line;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    run = await api.getRun(run.id);
  }
  return run;
}

function progressLine(run: RunBody): string {
  const states = run.jobStates;
  const ended = (states.succeeded ?? 0) + (states['dead-lettered'] ?? 0) + (states.cancelled ?? 0);
  const detail = Object.entries(states)
    .map(([state, n]) => `${state} ${n}`)
    .join(', ');
  return `${run.id}: ${run.state}, ${ended}/${run.jobCount} jobs ended${detail ? ` (${detail})` : ''}`;
}

function runLine(run: RunBody): string {
  const took = run.durationMs === undefined ? '' : `  ${seconds(run.durationMs)}`;
  return `${run.id.padEnd(40)} ${run.kind.padEnd(5)} ${run.state.padEnd(9)} ${run.from} → ${run.to}  jobs ${run.jobCount}${took}`;
}

function showRun(run: RunBody): string {
  const lines = [
    `run       ${run.id} (${run.kind}, ${run.trigger.kind === 'schedule' ? `schedule ${run.trigger.schedule}` : run.trigger.kind})`,
    `state     ${run.state}${run.reason ? ` — ${run.reason}` : ''}`,
    `window    ${run.from} → ${run.to}`,
    `entities  ${run.entities ? run.entities.join(', ') : 'every model'}`,
    `jobs      ${run.jobCount}${
      Object.keys(run.jobStates).length
        ? ` (${Object.entries(run.jobStates)
            .map(([s, n]) => `${s} ${n}`)
            .join(', ')})`
        : ''
    }`,
    `created   ${run.createdAt}`,
  ];
  if (run.startedAt) lines.push(`started   ${run.startedAt}`);
  if (run.endedAt) lines.push(`ended     ${run.endedAt}`);
  if (run.durationMs !== undefined) lines.push(`duration  ${seconds(run.durationMs)}`);
  if (run.totals) lines.push(`totals    ${totalsText(run.totals)}`);
  return `${lines.join('\n')}\n`;
}

function showReport(report: ReportBody): string {
  const lines = [
    `run ${report.runId} ${report.state}  ${report.from} → ${report.to}`,
    `totals  ${totalsText(report.totals)}`,
  ];
  for (const entity of report.entities.filter(
    (e) => e.status !== 'scored' && e.status !== 'trained',
  )) {
    lines.push(
      `  ${entity.status.padEnd(9)} ${entity.entity}${entity.reason ? `  ${entity.reason}` : ''}`,
    );
  }
  if (report.unmodelled.length) lines.push(`no model: ${report.unmodelled.join(', ')}`);
  if (report.silent.length) lines.push(`silent:   ${report.silent.join(', ')}`);
  for (const job of report.deadLettered) lines.push(`dead-lettered job ${job.job}: ${job.reason}`);
  return `${lines.join('\n')}\n`;
}

const totalsText = (t: ReportBody['totals']) =>
  `entities ${t.entities}, scored ${t.scored}, no data ${t.noData}, no model ${t.noModel}, failed ${t.failed}, rows ${t.rows}, anomalies ${t.anomalies}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${name} must be a positive integer, got ${value}`);
  return n;
}

/** An option that must be an ISO 8601 instant; sent as given (the API wants an offset). */
function isoOption(value: string, name: string): string {
  if (Number.isNaN(Date.parse(value)))
    throw new UsageError(`${name} is not an ISO 8601 time: ${value}`);
  return value;
}
