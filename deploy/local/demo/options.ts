/** The demo's command line (`pnpm demo [options]`), parsed with node:util. */
import { parseArgs } from 'node:util';

export const DEMO_HELP = `Usage: pnpm demo [options]

Brings up the local stack and the four services (separate processes, logs in
.fleetscore/logs/), then on a simulated fleet: sends a clean past hour and a past hour with
labelled anomalies through HTTP ingest, trains one model per sensor on the clean hour, scores
the anomalous hour through the API, and prints a summary (also .fleetscore/demo-summary.json).
Exit code 0 only if the scoring run succeeded. Details: docs/demo.md.

Simulated fleet:
  --devices <n>        devices (default 200)
  --sensors <m>        sensors per device (default 5)
  --rate <r>           readings per second of event time over the fleet
                       (default devices × sensors / 10: one reading per sensor every 10 s)
  --anomaly-rate <p>   chance an anomaly starts per (device, sensor, minute) (default 0.01)
  --seed <s>           simulator seed (default 1)
  --nu <x>, --gamma <y>  training parameters of the one-class SVMs (default the reference's:
                       nu 0.0001, gamma 0.01, on standardized values)

Reference data (the reference solution's own CSV and 15 pickles):
  --reference          score ../shared/reference/ instead of a simulated fleet
  --data <csv>         windows CSV for --reference (default ../shared/reference/sensor_data.csv)
  --models <dir>       pickles for --reference (default ../shared/reference/models)

Either mode:
  --keep-running       leave the services running at the end (Ctrl-C stops them)
  --port <n>           scheduler API port; ingest, aggregator and scorer use the next three,
                       the internal listeners this + 1000 and + 1001 (default 8080)
  --summary <file>     where the JSON summary goes (default .fleetscore/demo-summary.json)
  -h, --help           this text
`;

export interface DemoOptions {
  reference: boolean;
  data?: string;
  models?: string;
  devices: number;
  sensors: number;
  rate: number;
  anomalyRate: number;
  seed: number;
  /** Training parameters; undefined: the API's defaults (the reference's). */
  nu?: number;
  gamma?: number;
  keepRunning: boolean;
  port: number;
  summary?: string;
  help: boolean;
}

export class DemoUsageError extends Error {}

function number(name: string, text: string | undefined, fallback: number, integer: boolean) {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isSafeInteger(n))) {
    throw new DemoUsageError(
      `--${name} must be a ${integer ? 'whole ' : ''}number ≥ 0, got "${text}"`,
    );
  }
  return n;
}

export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new DemoUsageError((error as Error).message);
  }
  const v = parsed.values;
  const devices = number('devices', v.devices, 200, true);
  const sensors = number('sensors', v.sensors, 5, true);
  if (devices < 1 || sensors < 1) throw new DemoUsageError('--devices and --sensors must be ≥ 1');
  const rate = number('rate', v.rate, (devices * sensors) / 10, false);
  if (rate <= 0) throw new DemoUsageError('--rate must be positive');
  const anomalyRate = number('anomaly-rate', v['anomaly-rate'], 0.01, false);
  if (anomalyRate > 1) throw new DemoUsageError('--anomaly-rate must be in [0, 1]');
  const port = number('port', v.port, 8080, true);
  if (port < 1 || port > 65532) throw new DemoUsageError('--port must be 1–65532');
  return {
    reference: v.reference === true,
    ...(v.data === undefined ? {} : { data: v.data }),
    ...(v.models === undefined ? {} : { models: v.models }),
    devices,
    sensors,
    rate,
    anomalyRate,
    seed: number('seed', v.seed, 1, true),
    ...(v.nu === undefined ? {} : { nu: number('nu', v.nu, 0, false) }),
    ...(v.gamma === undefined ? {} : { gamma: number('gamma', v.gamma, 0, false) }),
    keepRunning: v['keep-running'] === true,
    port,
    ...(v.summary === undefined ? {} : { summary: v.summary }),
    help: v.help === true,
  };
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      reference: { type: 'boolean' },
      data: { type: 'string' },
      models: { type: 'string' },
      devices: { type: 'string' },
      sensors: { type: 'string' },
      rate: { type: 'string' },
      'anomaly-rate': { type: 'string' },
      seed: { type: 'string' },
      nu: { type: 'string' },
      gamma: { type: 'string' },
      'keep-running': { type: 'boolean' },
      port: { type: 'string' },
      summary: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });

/** The four services' ports from the API port: scheduler, ingest, aggregator, scorer. */
export const portsFrom = (port: number) => ({
  scheduler: port,
  ingest: port + 1,
  aggregator: port + 2,
  scorer: port + 3,
});
