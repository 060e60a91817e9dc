/**
 * The whole system for one session: the local stack (started if down, never stopped), the four
 * services as processes on the session's names, and clients for its API and container. Used by
 * the simulated demo, the reference demo and `pnpm start`.
 */

import type { BlobStore } from '@fleetscore/shared';
import { openBlobStore } from '@fleetscore/shared/adapters';
import { stackEnv, stackSettings, stackUp } from '../stack/index.js';
import { type ApiClient, apiClient } from './api.js';
import { type ApiServiceName, type Fleet, type ServiceName, startFleet } from './services.js';
import { newSession, type Session, sessionEnv } from './session.js';

export interface SystemOptions {
  /** Scheduler API port; ingest, aggregator and scorer take the next three. */
  port: number;
  /**
   * The internal listeners of the scheduler and the ingest (probes, metrics, docs). Default:
   * free ports the system picks; the demo and `pnpm start` pass `opsPortsOf(port)`.
   */
  opsPorts?: Partial<Record<ApiServiceName, number>>;
  session?: Session;
  /** Extra variables for every service (e.g. FLEETSCORE_SCHEDULES). */
  env?: Record<string, string>;
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Default `.fleetscore/logs`. */
  logDir?: string;
  say?: (line: string) => void;
}

export interface System {
  session: Session;
  fleet: Fleet;
  api: ApiClient;
  blobs: BlobStore;
  /** Stack and session variables, as the services got them (without the API key hash). */
  env: Record<string, string>;
}

/**
 * The internal listener ports that go with an API port when a person will look for them:
 * + 1000 and + 1001, so the default 8080 gives the services' own defaults, 9080 and 9081.
 */
export const opsPortsOf = (port: number): Record<ApiServiceName, number> => ({
  scheduler: port + 1000,
  ingest: port + 1001,
});

export async function startSystem(options: SystemOptions): Promise<System> {
  const say = options.say ?? (() => {});
  const settings = stackSettings();
  await stackUp(settings, say);
  const session = options.session ?? newSession();
  const env = { ...stackEnv(settings), ...sessionEnv(session), ...options.env };
  const { port } = options;
  const fleet = await startFleet({
    env,
    ports: { scheduler: port, ingest: port + 1, aggregator: port + 2, scorer: port + 3 },
    ...(options.opsPorts ? { opsPorts: options.opsPorts } : {}),
    ...(options.serviceEnv ? { serviceEnv: options.serviceEnv } : {}),
    ...(options.logDir ? { logDir: options.logDir } : {}),
    say,
  });
  try {
    const blobs = await openBlobStore({
      connectionString: env.FLEETSCORE_STORAGE_CONNECTION_STRING as string,
      container: session.container,
      tablePrefix: session.tablePrefix,
    });
    return { session, fleet, api: apiClient(fleet.urls.api, fleet.apiHeaders), blobs, env };
  } catch (error) {
    await fleet.stop();
    throw error;
  }
}

/**
 * The end of a demo, whatever its outcome: with `--keep-running` the services stay up until
 * Ctrl-C (SIGINT or SIGTERM), then they are stopped.
 */
export async function stopAfterDemo(
  system: System,
  keepRunning: boolean,
  say: (line: string) => void,
): Promise<void> {
  if (keepRunning) {
    say(`services keep running (session ${system.session.id}); Ctrl-C stops them`);
    await untilSignal();
  }
  say('stopping the services');
  await system.fleet.stop();
}

/** Resolves on the first SIGINT or SIGTERM (for `--keep-running` and `pnpm start`). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
