import { createModelRegistry, type ModelRegistry } from '@fleetscore/registry';
import { createPrometheusMetrics, type JobPayload, type RunState } from '@fleetscore/shared';
import {
  AzureBlobStore,
  AzureRecordTable,
  createContainerClient,
  createTableClient,
} from '@fleetscore/shared/azure';
import {
  type ApiKeyGrant,
  createAuthenticator,
  hashApiKey,
  type JwtAuthOptions,
} from '@fleetscore/shared/http';
import { createLedger, type Ledger, type RunRecord } from '@fleetscore/shared/ledger';
import { BullMqJobQueue, bullMqQueueOf } from '@fleetscore/shared/local';
import { testStack, uniqueName } from '@fleetscore/shared/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { buildOpsApp } from '../../ops/ops-app.js';
import { createRunService } from '../../runs/ledger-run-service.js';
import type { ApiDeps } from '../deps.js';
import { testRunService } from './test-run-service.js';

export const TEST_API_KEY = 'test-key-0123456789abcdef';

export interface TestApi {
  /** The public listener's app: the API (and the queue board when asked for). */
  app: FastifyInstance;
  /** The internal listener's app: probes, metrics, scaling, the OpenAPI document. */
  ops: FastifyInstance;
  /** `http://127.0.0.1:{port}` when started with `listen`. */
  url: string;
  ledger: Ledger;
  registry: ModelRegistry;
  blobs: AzureBlobStore;
  queue: BullMqJobQueue<JobPayload>;
  runs: ReturnType<typeof testRunService>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  /** Require `TEST_API_KEY` (default true); false runs the API open, as on loopback. */
  enforceAuth?: boolean;
  publicReads?: boolean;
  /** Accept JWT bearer tokens too (`testTokenIssuer().jwt`). Default: API key only. */
  jwt?: JwtAuthOptions;
  /** Further accepted keys with their roles (`TEST_API_KEY` holds every role). */
  apiKeys?: readonly ApiKeyGrant[];
  /** Mount Bull Board on the test queue at `/queues`. Default false. */
  queueBoard?: boolean;
  /** Listen on an ephemeral port of 127.0.0.1 (for clients over HTTP). */
  listen?: boolean;
  /** Use the scheduler's RunService (4 shards, 2 entities per job) instead of the test one. */
  realRunService?: boolean;
  /** How the test RunService ends new runs (default: it leaves them running). */
  settle?: (run: RunRecord) => RunState | undefined;
  maxModelBytes?: number;
  now?: () => Date;
}

/**
 * The REST API on the real local stack — Azurite blobs and tables, BullMQ on Redis, the real
 * ledger and registry — with fresh names, and a test RunService. For the API's and the CLI's
 * integration tests.
 */
export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const { redisUrl, storageConnectionString: connectionString } = testStack();
  const container = uniqueName('api');
  const names = {
    runs: uniqueName('runs'),
    jobs: uniqueName('jobs'),
    models: uniqueName('models'),
  };
  const tables = Object.values(names);
  const table = (name: string) =>
    AzureRecordTable.connect<object>({ connectionString, table: name });
  const [blobs, runsTable, jobsTable, modelsTable] = await Promise.all([
    AzureBlobStore.connect({ connectionString, container }),
    table(names.runs),
    table(names.jobs),
    table(names.models),
  ]);
  const queue = new BullMqJobQueue<JobPayload>({
    connection: { url: redisUrl },
    name: uniqueName('apiq'),
  });
  const ledger = createLedger({ runs: runsTable, jobs: jobsTable });
  const registry = createModelRegistry({ blobs, table: modelsTable });
  const runs = testRunService({
    ledger,
    queue,
    blobs,
    registry,
    ...(options.settle ? { settle: options.settle } : {}),
  });
  // A meter provider of its own: several test apps may live in one process.
  const metrics = await createPrometheusMetrics('scheduler');
  const deps: ApiDeps = {
    checks: [],
    runs: options.realRunService
      ? createRunService({ ledger, registry, queue, blobs, shards: 4, jobSize: 2 })
      : runs,
    ledger,
    registry,
    queue,
    blobs,
    schedules: [{ name: 'hourly', cron: '5 * * * *' }],
    timeZone: 'Europe/Amsterdam',
    auth: createAuthenticator({
      host: '127.0.0.1',
      apiKeyHashes: options.enforceAuth === false ? [] : [hashApiKey(TEST_API_KEY)],
      ...(options.apiKeys ? { apiKeys: options.apiKeys } : {}),
      ...(options.jwt ? { jwt: options.jwt } : {}),
    }),
    publicReads: options.publicReads ?? false,
    scaling: { jobsPerReplica: 2, min: 0, max: 10 },
    ...(options.maxModelBytes ? { maxModelBytes: options.maxModelBytes } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  const queueBoard = options.queueBoard ? bullMqQueueOf(queue) : undefined;
  const app = await buildApp({ ...deps, ...(queueBoard ? { queueBoard } : {}) });
  const ops = await buildOpsApp({ ...deps, metrics, openApi: app.swagger() });
  let url = '';
  if (options.listen) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address && typeof address === 'object') url = `http://127.0.0.1:${address.port}`;
  }
  return {
    app,
    ops,
    url,
    ledger,
    registry,
    blobs,
    queue,
    runs,
    async close() {
      await Promise.all([app.close(), ops.close()]);
      await metrics.shutdown();
      await Promise.allSettled(runs.settled);
      await queue.close();
      await Promise.allSettled([
        createContainerClient({ connectionString, container }).deleteIfExists(),
        ...tables.map((table) => createTableClient({ connectionString, table }).deleteTable()),
      ]);
    },
  };
}
