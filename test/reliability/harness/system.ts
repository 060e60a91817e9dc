/**
 * The whole system for one scenario: its own stack (`own-stack.ts`), the four services as
 * processes (deploy/local/demo/services.ts) on a session of their own, optionally more scorer
 * replicas, and the supervisor that kills and restarts them. `stop()` tears all of it down and
 * is safe to call from `afterAll` whether or not the scenario got that far.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BlobStore } from '@fleetscore/shared';
import { openBlobStore } from '@fleetscore/shared/adapters';
import { type FaultProxy, type LatencySettings, startFaultProxy } from '@fleetscore/shared/testing';
import { type ApiClient, apiClient } from '../../../deploy/local/demo/api.js';
import { type Fleet, type ServiceName, startFleet } from '../../../deploy/local/demo/services.js';
import { newSession, type Session, sessionEnv } from '../../../deploy/local/demo/session.js';
import { DEMO_AGGREGATOR_ENV, DEMO_ENV } from '../../../deploy/local/demo/simulated.js';
import { freePortBlock } from '../../e2e/ports.js';
import { blobThroughProxy } from '../proxy/proxied-storage.js';
import { rowsDir } from '../table.js';
import { type OwnStack, ownStack } from './own-stack.js';
import { type Supervisor, supervise } from './supervisor.js';

export interface SystemOptions {
  /** Names the session, the log folder and the table row, e.g. `1-scorer-kill`. */
  scenario: string;
  /** Scorer processes; default 1. */
  scorers?: number;
  /** Variables for every service on top of the suite's defaults. */
  env?: Record<string, string>;
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** One service reaches the blob endpoint through a fault proxy with this latency. */
  slowBlobs?: { service: ServiceName; latency: LatencySettings };
}

export interface ReliabilitySystem {
  stack: OwnStack;
  session: Session;
  /** The four services, then one fleet per extra scorer. */
  fleets: Fleet[];
  processes: Supervisor;
  api: ApiClient;
  blobs: BlobStore;
  ingestUrl: string;
  apiKey: string | undefined;
  /** The services' variables (stack, session, settings), as the services got them. */
  env: Record<string, string>;
  logDir: string;
  stop(): Promise<void>;
}

/**
 * The suite's settings: no cron schedule (runs are triggered through the API), a fast
 * reconciler with a short planning grace, short job locks (a killed scorer's job is handed back within seconds), one SVM
 * thread per scorer (two cores shared by the whole suite).
 */
const SUITE_ENV = {
  ...DEMO_ENV,
  FLEETSCORE_RECONCILE_SECONDS: '2',
  // A launch abandoned by a killed scheduler is resumed after 10 s instead of a minute.
  FLEETSCORE_PLANNING_GRACE_SECONDS: '10',
  FLEETSCORE_LOCK_SECONDS: '6',
  FLEETSCORE_SCORER_THREADS: '1',
  FLEETSCORE_SCORER_CONCURRENCY: '1',
};

export async function startReliabilitySystem(options: SystemOptions): Promise<ReliabilitySystem> {
  const scorers = options.scorers ?? 1;
  const base = await freePortBlock(8 + scorers);
  const stack = await ownStack([base, base + 1, base + 2, base + 3]);
  const fleets: Fleet[] = [];
  let processes: Supervisor | undefined;
  let blobProxy: FaultProxy | undefined;
  const session = newSession('rel');
  const env: Record<string, string> = {
    ...stack.env,
    ...sessionEnv(session),
    ...SUITE_ENV,
    ...options.env,
  };
  const logDir = resolve(rowsDir(), 'logs', options.scenario);
  const stop = async () => {
    processes?.retire();
    for (const fleet of fleets) await fleet.stop(10_000).catch(() => undefined);
    await blobProxy?.close();
    await stack.down();
  };
  try {
    const serviceEnv: Partial<Record<ServiceName, Record<string, string>>> = {
      ...options.serviceEnv,
      // Replay as the demo runs it, closing idle partitions after 3 s instead of 10 (CI time).
      aggregator: {
        ...DEMO_AGGREGATOR_ENV,
        FLEETSCORE_IDLE_TIMEOUT_SECONDS: '3',
        ...options.serviceEnv?.aggregator,
      },
    };
    if (options.slowBlobs) {
      const { service, latency } = options.slowBlobs;
      blobProxy = await startFaultProxy({
        target: { host: stack.settings.host, port: stack.settings.blobPort },
      });
      blobProxy.latency(latency);
      serviceEnv[service] = {
        ...serviceEnv[service],
        FLEETSCORE_STORAGE_CONNECTION_STRING: blobThroughProxy(blobProxy, stack.settings),
      };
    }
    const p = base + 4;
    fleets.push(
      await startFleet({
        env,
        serviceEnv,
        ports: { scheduler: p, ingest: p + 1, aggregator: p + 2, scorer: p + 3 },
        logDir,
      }),
    );
    for (let i = 1; i < scorers; i++) {
      const dir = resolve(logDir, `scorer-${i + 1}`);
      mkdirSync(dir, { recursive: true });
      fleets.push(
        await startFleet({
          env,
          serviceEnv,
          services: ['scorer'],
          ports: { scorer: p + 3 + i },
          logDir: dir,
        }),
      );
    }
    const main = fleets[0] as Fleet;
    processes = supervise(fleets);
    const blobs = await openBlobStore({
      connectionString: env.FLEETSCORE_STORAGE_CONNECTION_STRING as string,
      container: session.container,
      tablePrefix: session.tablePrefix,
    });
    return {
      stack,
      session,
      fleets,
      processes,
      api: apiClient(main.urls.api, main.apiHeaders),
      blobs,
      ingestUrl: main.urls.ingest,
      apiKey: main.apiKey,
      env,
      logDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
