import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fitOneClassSvm, isTrainingError, type Kernel, toDocument } from '@fleetscore/svm';
import { type Command, InvalidArgumentError } from 'commander';
import { type Io, UsageError } from '../program.js';
import { parseTimestamp, readTrainingRows } from '../training-rows.js';

const number = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('not a number');
  return n;
};
const gamma = (value: string) => (value === 'scale' || value === 'auto' ? value : number(value));
const kernel = (value: string): Kernel => {
  if (['rbf', 'linear', 'poly', 'sigmoid'].includes(value)) return value as Kernel;
  throw new InvalidArgumentError('one of rbf, linear, poly, sigmoid');
};

interface TrainOptions {
  data: string;
  features: string[];
  device?: string;
  tag?: string;
  from?: string;
  to?: string;
  nu: number;
  gamma: 'scale' | 'auto' | number;
  kernel: Kernel;
  standardize: boolean;
  out: string;
}

export function registerTrain(model: Command, io: Io): void {
  model
    .command('train')
    .description(
      'fit a one-class SVM (libsvm’s solver, scikit-learn’s optimum) on CSV data and write a v1 document',
    )
    .requiredOption(
      '--data <csv>',
      'CSV with the feature columns (or the reference TS,Device,Tag,Value)',
    )
    .option('--features <names>', 'comma-separated feature columns', (v) => v.split(','), ['Value'])
    .option('--device <id>', 'keep rows whose Device column equals this')
    .option('--tag <id>', 'keep rows whose Tag column equals this')
    .option('--from <time>', 'keep rows with TS at or after this (ISO 8601; no zone = UTC)')
    .option('--to <time>', 'keep rows with TS before this')
    .option('--nu <n>', 'nu in (0, 1]', number, 0.0001)
    .option('--gamma <g>', "'scale', 'auto' or a number", gamma, 0.01)
    .option('--kernel <k>', 'rbf, linear, poly or sigmoid', kernel, 'rbf' as Kernel)
    .option('--no-standardize', 'do not fit a StandardScaler first (default: fit one)')
    .requiredOption('-o, --out <file>', 'where to write the model document')
    .addHelpText(
      'after',
      '\nDefaults are the reference solution’s: nu 0.0001, gamma 0.01, standardize.',
    )
    .action(async (opts: TrainOptions) => {
      const rows = await readTrainingRows(opts.data, {
        features: opts.features,
        device: opts.device,
        tag: opts.tag,
        from: opts.from === undefined ? undefined : parseTimestamp(opts.from),
        to: opts.to === undefined ? undefined : parseTimestamp(opts.to),
      });
      const started = performance.now();
      let fitted: ReturnType<typeof fitOneClassSvm>;
      try {
        fitted = fitOneClassSvm(rows, opts.features.length, {
          nu: opts.nu,
          gamma: opts.gamma,
          kernel: opts.kernel,
          standardize: opts.standardize,
          features: opts.features,
        });
      } catch (error) {
        if (isTrainingError(error)) throw new UsageError(error.message);
        throw error;
      }
      const ms = performance.now() - started;
      const training = {
        ...fitted.training,
        source: basename(opts.data),
        device: opts.device,
        tag: opts.tag,
      };
      await writeFile(
        opts.out,
        `${JSON.stringify(toDocument({ ...fitted, training }), null, 2)}\n`,
      );
      const t = fitted.training as { nIter?: number; objective?: number; nSamples?: number };
      io.stdout.write(
        `trained on ${t.nSamples} rows in ${ms.toFixed(1)} ms: n_iter ${t.nIter}, ` +
          `${fitted.nSupport} support vectors, objective ${t.objective}, gamma ${fitted.gamma}\n` +
          `wrote ${opts.out}\n`,
      );
    });
}
