import type { Command } from 'commander';
import { EXIT, type Io } from '../program.js';
import { progress } from '../progress.js';
import { scoreCsvFiles } from '../score-csv-files.js';
import type { SensorResult } from '../score-fleet.js';

export type { SensorResult } from '../score-fleet.js';

export function registerScoreCsv(program: Command, io: Io): void {
  program
    .command('score-csv')
    .description(
      'the reference batch job for a whole fleet in one process: score every sensor of a TS,Device,Tag,Value CSV with its model_{device}_{tag} and write preds_{device}_{tag}.csv',
    )
    .requiredOption(
      '--models <dir>',
      'folder of model_{device}_{tag} files (pickle, joblib or v1 JSON)',
    )
    .requiredOption('--data <csv>', 'CSV with header TS,Device,Tag,Value')
    .requiredOption('--out <dir>', 'folder for preds_{device}_{tag}.csv (created if missing)')
    .option('--json', 'print the summary as JSON instead of a table')
    .action(async (opts: { models: string; data: string; out: string; json?: boolean }) => {
      const bar = progress(io.stderr as typeof io.stdout, 'scoring');
      const { results } = await scoreCsvFiles(opts, { onProgress: bar.update });
      bar.done();
      io.stdout.write(
        opts.json ? `${JSON.stringify(summarise(results), null, 2)}\n` : table(results),
      );
      if (results.some((r) => r.status === 'error')) process.exitCode = EXIT.failed;
    });
}

function summarise(results: SensorResult[]) {
  const scored = results.filter((r) => r.status === 'scored');
  return {
    sensors: results,
    total: {
      models: scored.length,
      rows: scored.reduce((n, r) => n + r.rows, 0),
      anomalies: scored.reduce((n, r) => n + r.anomalies, 0),
    },
  };
}

function table(results: SensorResult[]): string {
  const { total } = summarise(results);
  const line = (...cells: (string | number)[]) =>
    `${cells.map((c, i) => (i < 2 ? String(c).padEnd(8) : String(c).padStart(10))).join(' ')}`;
  const rows = results.map(
    (r) =>
      `${line(r.device, r.tag, r.rows, r.anomalies)}  ${r.status}${r.error ? `: ${r.error}` : ''}`,
  );
  return `${[line('Device', 'Tag', 'rows', 'anomalies'), ...rows, line('total', `${total.models} models`, total.rows, total.anomalies)].join('\n')}\n`;
}
