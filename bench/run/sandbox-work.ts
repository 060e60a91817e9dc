/**
 * The job of the threads-vs-sandbox benchmark, the same in both modes: for each of the job's
 * sensors, the I/O-shaped work a scorer job does on whatever thread runs it — its hour of
 * windows as NDJSON text parsed line by line (what `readWindows` does with a blob body), its
 * model document parsed (what the registry's `load` does) — and the SVM math, which `decide`
 * runs on a piscina thread (threads mode) or inline (in a sandboxed child process).
 */

import { parseModel, toDocument } from '@fleetscore/svm';
import type { SvmRunner } from '@fleetscore/svm/pool';
import { fleetSensors, sensorModel, sensorValues, WINDOW_MS } from './fleet.js';

export interface SandboxJob {
  /** Indexes into `fleetSensors(first + count)`. */
  first: number;
  count: number;
}

const HOUR = Date.UTC(2026, 10, 25, 10);

export async function runBenchJob(job: SandboxJob, svm: SvmRunner): Promise<number> {
  const sensors = fleetSensors(job.first + job.count).slice(job.first);
  let anomalies = 0;
  for (const sensor of sensors) {
    const text = [...sensorValues(sensor)]
      .map((avg, i) =>
        JSON.stringify({
          device: sensor.device,
          sensor: sensor.sensor,
          end: new Date(HOUR + i * WINDOW_MS).toISOString(),
          seconds: 5,
          count: 1,
          values: { avg },
        }),
      )
      .join('\n');
    const rows = Float64Array.from(
      text.split('\n').map((line) => (JSON.parse(line) as { values: { avg: number } }).values.avg),
    );
    const model = parseModel(JSON.parse(JSON.stringify(toDocument(sensorModel(sensor)))));
    const decisions = await svm.decide(model, rows);
    for (const d of decisions) if (!(d > 0)) anomalies += 1;
  }
  return anomalies;
}
