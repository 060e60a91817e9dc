/**
 * `pnpm bench:soak`: the whole system under a steady load for N minutes, with memory, queue,
 * stream lag, ingest latency and runs sampled over time (bench/README.md).
 *
 *   pnpm bench:soak [--minutes 5] [--rate 500] [--sensors 100] [--sample 10]
 *
 * The four services run as processes on the local stack (started if down, never stopped), in
 * a session of their own (`soak-…` container, tables, queue, stream; removed at the end).
 * Hourly runs are compressed into minutes by configuration, not by faking the clock: the
 * schedule ticks every minute and scores the minute before (`FLEETSCORE_SCHEDULES=soak=* * * *
 * *`, `FLEETSCORE_RUN_WINDOW_MINUTES=1`), so a 5-minute soak makes ~5 runs over live windows.
 */
import { cpus, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { openModelRegistry } from '@fleetscore/registry';
import { openLedger } from '@fleetscore/shared/ledger';
import { BullMqJobQueue } from '@fleetscore/shared/local';
import { Redis } from 'ioredis';
import { dropStream } from '../../deploy/local/demo/cleanup.js';
import { startFleet } from '../../deploy/local/demo/services.js';
import { newSession, sessionEnv } from '../../deploy/local/demo/session.js';
import { stackEnv, stackSettings, stackUp } from '../../deploy/local/stack/index.js';
import { freePortBlock } from '../../test/e2e/ports.js';
import { dropSessionStorage } from '../../test/reliability/scenarios/slow-blob-fleet.js';
import { fleetSensors } from '../run/fleet.js';
import { registerFleetModels } from '../run/fleet-stack.js';
import { startLoad } from './load.js';
import { formatRows, type SoakRow, verdict } from './report.js';
import { takeSample } from './sample.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    rate: { type: 'string', default: '500' },
    sensors: { type: 'string', default: '100' },
    sample: { type: 'string', default: '10' },
  },
});
const positive = (name: string, text: string) => {
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`--${name} must be a positive number`);
  return n;
};
const minutes = positive('minutes', args.minutes);
const rate = positive('rate', args.rate);
const sampleSeconds = positive('sample', args.sample);
const sensors = fleetSensors(Math.round(positive('sensors', args.sensors)));
const say = (line: string) => process.stderr.write(`${line}\n`);
const PARTITIONS = 4;

const settings = stackSettings();
await stackUp(settings, say);
const session = newSession('soak');
const env: Record<string, string> = {
  ...stackEnv(settings),
  ...sessionEnv(session),
  FLEETSCORE_SCHEDULES: 'soak=* * * * *',
  FLEETSCORE_RUN_WINDOW_MINUTES: '1',
  FLEETSCORE_CATCH_UP: 'latest',
  FLEETSCORE_STREAM_PARTITIONS: String(PARTITIONS),
};
const storage = {
  connectionString: env.FLEETSCORE_STORAGE_CONNECTION_STRING as string,
  container: session.container,
  tablePrefix: session.tablePrefix,
};
say(`session ${session.id}: registering ${sensors.length} models`);
await registerFleetModels(await openModelRegistry(storage), sensors);
const ledger = await openLedger(storage);
const redis = new Redis(env.FLEETSCORE_REDIS_URL as string);
const queue = new BullMqJobQueue({
  connection: { url: env.FLEETSCORE_REDIS_URL as string },
  name: session.queue,
});
const port = await freePortBlock(4);
const fleet = await startFleet({
  env,
  ports: { scheduler: port, ingest: port + 1, aggregator: port + 2, scorer: port + 3 },
  serviceEnv: {
    aggregator: { FLEETSCORE_FLUSH_SECONDS: '5' },
    scorer: { FLEETSCORE_SCORER_THREADS: '1' },
  },
  logDir: `${stackSettings().dir}/logs/${session.id}`,
  say,
});
const pids = Object.fromEntries(fleet.services.map((s) => [s.name, s.child.pid as number]));
const services = fleet.services.map((s) => s.name);

const rows: SoakRow[] = [];
const load = startLoad({ url: fleet.urls.ingest, headers: fleet.apiHeaders, sensors, rate });
const startedAt = Date.now();
let last = performance.now();
try {
  say(`load: ${rate} readings/s over ${sensors.length} sensors for ${minutes} min`);
  for (let n = 1; n * sampleSeconds <= minutes * 60; n += 1) {
    await sleep(Math.max(0, startedAt + n * sampleSeconds * 1000 - Date.now()));
    const taken = load.take();
    const now = performance.now();
    const sample = await takeSample({
      pids,
      queue,
      redis,
      stream: session.stream,
      partitions: PARTITIONS,
      ledger,
      startedAt,
    });
    rows.push({ sample, load: taken, seconds: (now - last) / 1000 });
    last = now;
    say(formatRows(rows.slice(-1), services).split('\n')[1] ?? '');
  }
} finally {
  await load.stop();
  await fleet.stop();
  await Promise.allSettled([
    queue.close(),
    dropStream(env.FLEETSCORE_REDIS_URL as string, session.stream),
    dropSessionStorage(session),
  ]);
  redis.disconnect();
}

const cpu = cpus();
const result = verdict(rows, services, Math.max(1, ...rows.map((r) => r.sample.runs.maxJobs)));
process.stdout.write(
  [
    `machine: ${cpu.length} cores (${cpu[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    `workload: ${rate} readings/s over ${sensors.length} sensors, ${minutes} min, a run every minute; samples every ${sampleSeconds} s`,
    '',
    formatRows(rows, services),
    '',
    ...result.lines,
    '',
  ].join('\n'),
);
