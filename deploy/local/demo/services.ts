/**
 * Runs the four services as separate OS processes against the local stack, as a deployment
 * would: the demo, `pnpm start` and the end-to-end tests all start them through here.
 *
 * Use:
 * ```ts
 * const fleet = await startFleet({ env: { ...stackEnv(settings), FLEETSCORE_BLOB_CONTAINER: 'x' } });
 * await fetch(`${fleet.urls.api}/v1/runs`, { headers: fleet.apiHeaders });
 * await fleet.stop(); // SIGTERM to each, SIGKILL after the grace period; idempotent
 * ```
 * Each service is `node --conditions=source --import tsx services/<name>/src/main.ts` (no tsx
 * wrapper process, so the pid we signal is the service itself); its stdout and stderr go to
 * `<logDir>/<name>.log`. `startFleet` resolves once every `/readyz` answers 200 (on each
 * service's internal listener), and stops what it started if one does not.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@fleetscore/shared';

export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export const SERVICE_NAMES = ['ingest', 'aggregator', 'scheduler', 'scorer'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The variable that sets each service's HTTP port (API or health endpoints). */
const PORT_VARIABLE: Record<ServiceName, string> = {
  ingest: 'FLEETSCORE_INGEST_PORT',
  aggregator: 'FLEETSCORE_HEALTH_PORT',
  scheduler: 'FLEETSCORE_SCHEDULER_PORT',
  scorer: 'FLEETSCORE_HEALTH_PORT',
};

/**
 * The services with an API of their own, whose probes, metrics (and the scheduler's scaling
 * endpoint and OpenAPI docs) are on a second, internal listener (`FLEETSCORE_HEALTH_PORT`).
 * The aggregator and the scorer have only that one.
 */
export type ApiServiceName = 'scheduler' | 'ingest';
const OPS_PORT_VARIABLE = 'FLEETSCORE_HEALTH_PORT';
const hasApi = (name: ServiceName): name is ApiServiceName =>
  name === 'scheduler' || name === 'ingest';

/** The services' own defaults (docs/configuration.md). */
export const DEFAULT_PORTS: Record<ServiceName, number> = {
  scheduler: 8080,
  ingest: 8081,
  aggregator: 8082,
  scorer: 8083,
};

/** The internal listeners' own defaults (docs/configuration.md). */
export const DEFAULT_OPS_PORTS: Record<ApiServiceName, number> = { scheduler: 9080, ingest: 9081 };

export interface FleetOptions {
  /**
   * Variables every service gets on top of `process.env`: the stack (`stackEnv`), and for
   * isolation the container, table prefix, queue and stream group.
   */
  env: Record<string, string>;
  /** Per-service extra variables, e.g. `{ aggregator: { FLEETSCORE_FLUSH_SECONDS: '2' } }`. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Default `DEFAULT_PORTS`; tests pass free ports. */
  ports?: Partial<Record<ServiceName, number>>;
  /**
   * The internal listeners of the scheduler and the ingest (`/readyz`, `/metrics`, the
   * scheduler's `/v1/scaling` and `/docs`). Default: free ports the system picks, so fleets
   * given other API ports never collide on these (the demo and `pnpm start` pass
   * `opsPortsOf(port)`: `DEFAULT_OPS_PORTS` for the default API port).
   */
  opsPorts?: Partial<Record<ApiServiceName, number>>;
  /** Which services to start; default all four. */
  services?: readonly ServiceName[];
  /** Default `<repo>/.fleetscore/logs`. */
  logDir?: string;
  /**
   * `true` (default): a random API key for this session; the services accept only it
   * (`FLEETSCORE_API_KEYS` holds its SHA-256) and `apiHeaders`/`cliEnv` carry it.
   * `false`: loopback open mode (no key; the services accept unauthenticated loopback calls).
   */
  apiKey?: boolean;
  /** How long each service may take to become ready, ms. Default 60,000. */
  readyTimeoutMs?: number;
  /** Progress lines; default none. */
  say?: (line: string) => void;
}

export interface RunningService {
  name: ServiceName;
  child: ChildProcess;
  /** The API port (ingest, scheduler) or the only one (aggregator, scorer). */
  port: number;
  /** Where `/readyz` and `/metrics` answer: the internal listener (its only port for the aggregator and scorer). */
  opsPort: number;
  logFile: string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

export interface Fleet {
  services: RunningService[];
  urls: { api: string; ingest: string; aggregator: string; scorer: string };
  /** Each service's internal listener: probes, metrics; the scheduler's scaling and `/docs`. */
  opsUrls: Record<ServiceName, string>;
  /** The session's API key, or undefined in loopback open mode. */
  apiKey: string | undefined;
  /** `Authorization` for the API and ingest (empty in open mode). */
  apiHeaders: Record<string, string>;
  /** Variables for the `fleetscore` CLI: FLEETSCORE_API_URL and FLEETSCORE_API_KEY. */
  cliEnv: Record<string, string>;
  logDir: string;
  /** SIGTERM to every service, SIGKILL after `graceMs` (default 40,000); idempotent. */
  stop(graceMs?: number): Promise<void>;
  /**
   * Stops (SIGTERM, then SIGKILL) and restarts one service with the same settings, plus
   * `env` on top of its own (e.g. an aggregator switched from replay to live).
   */
  restart(name: ServiceName, env?: Record<string, string>): Promise<void>;
}

const nodeArgs = (name: ServiceName) => [
  '--conditions=source',
  '--import',
  'tsx',
  `services/${name}/src/main.ts`,
];

/** Starts the services, waits for each `/readyz`, and hands back how to reach and stop them. */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const logDir = options.logDir ?? resolve(repoRoot, '.fleetscore/logs');
  mkdirSync(logDir, { recursive: true });
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const opsPorts: Record<ServiceName, number> = {
    ...ports,
    scheduler: options.opsPorts?.scheduler ?? (await freePort()),
    ingest: options.opsPorts?.ingest ?? (await freePort()),
  };
  const names = options.services ?? SERVICE_NAMES;
  const say = options.say ?? (() => {});
  const apiKey = options.apiKey === false ? undefined : randomBytes(24).toString('base64url');
  const keyEnv: Record<string, string> = apiKey
    ? { FLEETSCORE_API_KEYS: createHash('sha256').update(apiKey).digest('hex') }
    : {};
  const url = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;
  const opsUrl = (name: ServiceName) => `http://127.0.0.1:${opsPorts[name]}`;
  const running: RunningService[] = [];
  const logs = new Map<ServiceName, WriteStream>();

  const launch = (name: ServiceName, extraEnv: Record<string, string> = {}): RunningService => {
    const logFile = resolve(logDir, `${name}.log`);
    let log = logs.get(name);
    if (!log) {
      log = createWriteStream(logFile, { flags: 'a' });
      logs.set(name, log);
    }
    const child = spawn(process.execPath, nodeArgs(name), {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...options.env,
        ...keyEnv,
        ...options.serviceEnv?.[name],
        ...extraEnv,
        [PORT_VARIABLE[name]]: String(ports[name]),
        ...(hasApi(name) ? { [OPS_PORT_VARIABLE]: String(opsPorts[name]) } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const exited = once(child, 'exit').then(([code]) => code as number | null);
    return { name, child, port: ports[name], opsPort: opsPorts[name], logFile, exited };
  };

  const ready = async (service: RunningService) => {
    await waitReady(`${opsUrl(service.name)}/readyz`, service, options.readyTimeoutMs ?? 60_000);
    say(`${service.name} ready on ${url(service.name)} (pid ${service.child.pid})`);
  };

  const stopOne = async (service: RunningService, graceMs: number) => {
    if (service.child.exitCode !== null || service.child.signalCode !== null) return;
    service.child.kill('SIGTERM');
    const timer = setTimeout(() => service.child.kill('SIGKILL'), graceMs);
    await service.exited;
    clearTimeout(timer);
  };

  let stopped: Promise<void> | undefined;
  const stop = (graceMs = 40_000) => {
    stopped ??= (async () => {
      // Intake first, so the aggregator sees the last readings before it flushes.
      const order: ServiceName[] = ['ingest', 'scheduler', 'aggregator', 'scorer'];
      for (const name of order) {
        const service = running.find((s) => s.name === name);
        if (service) await stopOne(service, graceMs);
      }
      for (const log of logs.values()) log.end();
    })();
    return stopped;
  };

  try {
    for (const name of names) running.push(launch(name));
    await Promise.all(running.map(ready));
  } catch (error) {
    await stop(5_000);
    throw error;
  }

  return {
    services: running,
    urls: {
      api: url('scheduler'),
      ingest: url('ingest'),
      aggregator: url('aggregator'),
      scorer: url('scorer'),
    },
    opsUrls: Object.fromEntries(SERVICE_NAMES.map((name) => [name, opsUrl(name)])) as Record<
      ServiceName,
      string
    >,
    apiKey,
    apiHeaders: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    cliEnv: {
      FLEETSCORE_API_URL: url('scheduler'),
      ...(apiKey ? { FLEETSCORE_API_KEY: apiKey } : {}),
    },
    logDir,
    stop,
    async restart(name, env) {
      const index = running.findIndex((s) => s.name === name);
      const old = running[index];
      if (!old) throw new Error(`${name} is not part of this fleet`);
      await stopOne(old, 40_000);
      const fresh = launch(name, env);
      running[index] = fresh;
      await ready(fresh);
    },
  };
}

/** Polls `/readyz` until 200; fails early with the log's path when the process exits. */
async function waitReady(url: string, service: RunningService, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  let exitCode: number | null | undefined;
  void service.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `${service.name} exited (${exitCode}) before it was ready; see ${service.logFile}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${service.name} was not ready within ${timeoutMs} ms (last: ${last}); see ${service.logFile}`,
  );
}
