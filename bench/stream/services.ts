/** Starts ingest and aggregator as their own processes on free ports, as a deployment would. */
import { freePort } from '@fleetscore/shared';
import {
  type ServiceProcess,
  startService,
  waitForStatus,
} from '../../test/services/service-process.js';

export interface BenchServices {
  ingestUrl: string;
  ingest: ServiceProcess;
  aggregator: ServiceProcess;
  /** SIGTERM both and wait for their exit (each drains as in production). */
  stop(): Promise<void>;
}

/** `env` is shared by both (Redis URL, container, windowing); ports are added here. */
export async function startServices(env: Record<string, string>): Promise<BenchServices> {
  const [ingestPort, ingestOpsPort, healthPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  // The ingest's readiness is on its internal listener (FLEETSCORE_HEALTH_PORT).
  const ingest = startService('ingest', {
    ...env,
    FLEETSCORE_INGEST_PORT: String(ingestPort),
    FLEETSCORE_HEALTH_PORT: String(ingestOpsPort),
  });
  const aggregator = startService('aggregator', {
    ...env,
    FLEETSCORE_HEALTH_PORT: String(healthPort),
  });
  const stop = async () => {
    for (const service of [ingest, aggregator]) service.child.kill('SIGTERM');
    await Promise.all([ingest.exited, aggregator.exited]);
  };
  try {
    await waitForStatus(`http://127.0.0.1:${ingestOpsPort}/readyz`, 200);
    await waitForStatus(`http://127.0.0.1:${healthPort}/readyz`, 200);
  } catch (error) {
    await stop();
    throw new Error(
      `${(error as Error).message}\n--- ingest\n${ingest.output()}\n--- aggregator\n${aggregator.output()}`,
    );
  }
  return { ingestUrl: `http://127.0.0.1:${ingestPort}`, ingest, aggregator, stop };
}
