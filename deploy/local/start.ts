/**
 * `pnpm start`: the system running continuously on the local stack until Ctrl-C — the four
 * services as processes on their default names and ports (hourly schedule, REST API and
 * dashboard on :8080), and with `--simulate` a live simulated fleet sending in real time.
 * Ctrl-C (or SIGTERM) stops the simulator, then the services (drained), never the stack.
 */
import { parseArgs } from 'node:util';
import { defaultSession } from './demo/session.js';
import { simulateArgs, spawnCli } from './demo/simulate.js';
import { opsPortsOf, startSystem, untilSignal } from './demo/system.js';

const HELP = `Usage: pnpm start [options]

Runs the stack and the four services (logs in .fleetscore/logs/) until Ctrl-C: ingest on
:8081, the scheduler's hourly runs, REST API, dashboard and queue board on :8080; probes,
metrics and the OpenAPI docs on the internal ports :9080 (scheduler) and :9081 (ingest).
Details: docs/demo.md.

  --simulate           also run a live simulated fleet (real time) into ingest
  --devices <n>        simulated devices (default 20)
  --sensors <m>        sensors per device (default 5)
  --rate <r>           readings per second over the fleet (default devices × sensors / 10)
  --anomaly-rate <p>   chance an anomaly starts per (device, sensor, minute) (default 0.01)
  --port <n>           API port; ingest, aggregator and scorer use the next three, the
                       internal listeners this + 1000 and + 1001 (default 8080)
  -h, --help           this text
`;

const { values: v } = parseArgs({
  options: {
    simulate: { type: 'boolean' },
    devices: { type: 'string', default: '20' },
    sensors: { type: 'string', default: '5' },
    rate: { type: 'string' },
    'anomaly-rate': { type: 'string', default: '0.01' },
    port: { type: 'string', default: '8080' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (v.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const say = (line: string) => process.stderr.write(`${line}\n`);
const [devices, sensors, port] = [Number(v.devices), Number(v.sensors), Number(v.port)];
const system = await startSystem({
  port,
  opsPorts: opsPortsOf(port),
  session: defaultSession(),
  say,
});
const { fleet } = system;
say(`API and dashboard  ${fleet.urls.api}/   (queue board: ${fleet.urls.api}/queues)`);
say(`ingest            ${fleet.urls.ingest}/v1/readings`);
say(`OpenAPI           ${fleet.opsUrls.scheduler}/docs   (ingest: ${fleet.opsUrls.ingest}/docs)`);
say(`metrics           ${fleet.opsUrls.scheduler}/metrics   ${fleet.opsUrls.ingest}/metrics`);
if (fleet.apiKey) say(`API key (this session only): FLEETSCORE_API_KEY=${fleet.apiKey}`);
say(`logs              ${fleet.logDir}/<service>.log`);

const simulator = v.simulate
  ? spawnCli(
      simulateArgs({
        ingestUrl: fleet.urls.ingest,
        ...(fleet.apiKey ? { apiKey: fleet.apiKey } : {}),
        devices,
        sensors,
        rate: v.rate === undefined ? (devices * sensors) / 10 : Number(v.rate),
        seed: Date.now() % 1_000_000,
        anomalyRate: Number(v['anomaly-rate']),
      }),
      'inherit',
    )
  : undefined;
if (simulator)
  say(`live simulator    pid ${simulator.pid}, ${devices} devices × ${sensors} sensors`);
say('running; Ctrl-C stops everything started here');

const signal = await untilSignal();
say(`${signal}: stopping`);
if (simulator && simulator.exitCode === null) {
  simulator.kill('SIGINT'); // the simulator flushes its last batch and prints its summary
  await new Promise((resolve) => simulator.once('exit', resolve));
}
await fleet.stop();
say('stopped');
