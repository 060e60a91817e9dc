/**
 * `fleetscore score-csv` against the Python loop it replaces, on the same files in the same run:
 * one windows CSV and one scikit-learn model file per sensor, per-sensor prediction CSVs out.
 *
 *   pnpm bench:floor [--sensors 2000,10000] [--reps 3] [--max-support 12] [--cli dist|source]
 *                    [--cpu-prof]
 *
 * A benchmark, not a test: it prints the machine, a table of wall seconds (each side's whole
 * process, best of --reps, the two sides alternating), whether the two sides' predictions agree
 * row by row (checked after every pair of runs), and issue 25's target (score-csv ≥ 5× faster)
 * as PASS or MISS. It asserts nothing. With --cpu-prof, score-csv runs once more at the first
 * size under `node --cpu-prof` (untimed) and its time is printed per stage. See bench/README.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HOUR_MS } from '@fleetscore/shared';
import { verdictWord } from '../run/figures.js';
import { fleetSensors, WINDOWS_PER_HOUR } from '../run/fleet.js';
import { PYTHON } from '../svm/python.js';
import { agreementLine, compareOutputs } from './agreement.js';
import { type FleetFiles, writeFleetFiles } from './fleet-files.js';
import { type CpuProfile, stageLines, stageTimes } from './profile-stages.js';
import { agreementLines, type FloorPoint, floorTable, floorVerdicts, runsLine } from './report.js';
import { type CliFrom, repo, timePythonLoop, timeScoreCsv } from './sides.js';

const { values: args } = parseArgs({
  options: {
    sensors: { type: 'string', default: '2000,10000' },
    reps: { type: 'string', default: '3' },
    'max-support': { type: 'string', default: '12' },
    cli: { type: 'string', default: 'dist' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const int = (name: string, text: string, min = 1) => {
  const n = Number(text.trim());
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};
const sizes = args.sensors.split(',').map((t) => int('sensors', t));
const reps = int('reps', args.reps);
const maxSupport = int('max-support', args['max-support'], 2);
if (args.cli !== 'dist' && args.cli !== 'source') throw new Error('--cli must be dist or source');
const cliFrom: CliFrom = args.cli;
const say = (text: string) => process.stderr.write(`bench:floor: ${text}\n`);

const probe = spawnSync(
  PYTHON,
  [
    '-c',
    'import platform, sklearn, numpy; print(f"Python {platform.python_version()}, scikit-learn {sklearn.__version__}, numpy {numpy.__version__}")',
  ],
  { encoding: 'utf8' },
);
if (probe.error || probe.status !== 0) {
  throw new Error(`${PYTHON} with scikit-learn and numpy is needed (apt: python3-sklearn)`);
}
if (cliFrom === 'dist') {
  say('building the workspace (tsc -b) for score-csv…');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b'], { cwd: repo, stdio: 'inherit' });
}

const startLoad = loadavg()[0]!;
// A past hour: the timestamps only need to be valid and the same on both sides.
const hourMs = (Math.floor(Date.now() / HOUR_MS) - 2) * HOUR_MS;
const points: FloorPoint[] = [];
const loads: string[] = [];
let profiled: string[] = [];

/** score-csv once more under `--cpu-prof`, its time per stage (profile-stages.ts). */
async function profileScoreCsv(files: FleetFiles, dir: string): Promise<string[]> {
  const profiles = join(dir, 'cpu-prof');
  const out = join(dir, 'out-profiled');
  say(`profiling score-csv (node --cpu-prof)…`);
  const run = await timeScoreCsv(files, out, cliFrom, ['--cpu-prof', `--cpu-prof-dir=${profiles}`]);
  const [name] = await readdir(profiles);
  // Kept beyond the run's folder, for a flame graph (Chrome DevTools, speedscope).
  const kept = join(tmpdir(), 'bench-floor-score-csv.cpuprofile');
  await copyFile(join(profiles, name!), kept);
  const profile = JSON.parse(await readFile(kept, 'utf8')) as CpuProfile;
  return [
    `score-csv under --cpu-prof at ${files.rows / WINDOWS_PER_HOUR} sensors (${run.seconds.toFixed(2)} s wall, untimed; profile kept in ${kept}), time per stage:`,
    ...stageLines(stageTimes(profile)).map((line) => `  ${line}`),
  ];
}

for (const count of sizes) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-floor-'));
  try {
    say(`${count} sensors: writing the CSV and ${count} model files (Python)…`);
    const files = await writeFleetFiles(fleetSensors(count), hourMs, dir, maxSupport);
    const point: FloorPoint = {
      sensors: count,
      rows: files.rows,
      csvBytes: (await stat(files.data)).size,
      python: [],
      cli: [],
      agreements: [],
    };
    for (let rep = 1; rep <= reps; rep += 1) {
      // Fresh folders: both sides create every file, none overwrites the previous run's.
      const [pyOut, cliOut] = [join(dir, 'out-python'), join(dir, 'out-cli')];
      await Promise.all([pyOut, cliOut].map((d) => rm(d, { recursive: true, force: true })));
      const py = await timePythonLoop(files, pyOut);
      const cli = await timeScoreCsv(files, cliOut, cliFrom);
      point.python.push(py.seconds);
      point.cli.push(cli.seconds);
      // A score-csv that loses rows shows in the agreement (a MISS); the loop losing any is a
      // broken bench.
      if (py.rows !== files.rows)
        throw new Error(`the Python loop scored ${py.rows} of ${files.rows} rows`);
      const agreement = await compareOutputs(pyOut, cliOut);
      point.agreements.push(agreement);
      say(
        `${count} sensors, run ${rep}/${reps}: python ${py.seconds.toFixed(2)} s, score-csv ${cli.seconds.toFixed(2)} s; ${agreementLine(agreement)}`,
      );
    }
    if (args['cpu-prof'] && points.length === 0) profiled = await profileScoreCsv(files, dir);
    points.push(point);
    loads.push(`${loadavg()[0]!.toFixed(1)} after ${count} sensors`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const cpu = cpus();
const lines = [
  `machine   ${cpu.length} cores (${cpu[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${probe.stdout.trim()} (one BLAS thread); load average ${startLoad.toFixed(1)} at the start, ${loads.join(', ')}`,
  `workload  ${WINDOWS_PER_HOUR} five-second windows per sensor in one TS,Device,Tag,Value CSV; rbf models of 2–${maxSupport} support vectors, one joblib pickle per sensor (bench/run/fleet.ts)`,
  `timing    wall clock of each whole process, spawn to exit; best of ${reps}, the Python loop and score-csv (from ${cliFrom}) alternating on the same files`,
  '',
  ...floorTable(points),
  '',
  ...points.map(runsLine),
  ...points.flatMap(agreementLines),
  '',
  'targets:',
  ...floorVerdicts(points).map((v) => `  ${verdictWord(v)}  ${v.target.padEnd(58)} ${v.measured}`),
  ...(profiled.length > 0 ? ['', ...profiled] : []),
];
console.log(lines.join('\n'));
