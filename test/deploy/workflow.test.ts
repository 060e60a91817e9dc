// .github/workflows/emulators.yml, offline: it starts the emulators the conformance suites need
// from deploy/compose.yaml (whose images are pinned, compose.test.ts), points the suites at the
// ports compose publishes, runs the emulators project on the Node of .node-version, and builds
// the Bicep. It cannot run here (no Docker); this holds it to its promises.
import { emulatorStack } from '@fleetscore/shared/testing';
import { describe, expect, it } from 'vitest';
import { loadCompose, readRepoFile, readYaml } from './files.js';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; env?: Record<string, string>; steps: Step[] }>;
}

const workflow = readYaml('.github/workflows/emulators.yml') as Workflow;
const compose = loadCompose();
const { conformance, bicep } = workflow.jobs;
const runs = (job: typeof conformance) => (job?.steps ?? []).map((s) => s.run ?? '').join('\n');

/** Host ports compose publishes for a service ("host:container" → host). */
const published = (service: string) =>
  (compose.services[service]?.ports ?? []).map((mapping) => Number(mapping.split(':')[0]));

/** The port of an `Endpoint=sb://host[:port]` connection string (AMQP's 5672 by default). */
const amqpPort = (connection: string) => {
  const port = /Endpoint=sb:\/\/[^:;/]+(?::(\d+))?/.exec(connection)?.[1];
  return port ? Number(port) : 5672;
};

describe('.github/workflows/emulators.yml', () => {
  it('runs on a hosted runner for pushes to main and pull requests', () => {
    expect(conformance?.['runs-on']).toMatch(/^ubuntu-/);
    expect(Object.keys(workflow.on)).toEqual(
      expect.arrayContaining(['push', 'pull_request', 'workflow_dispatch']),
    );
  });

  it('starts Azurite and both emulators from deploy/compose.yaml, waiting for them', () => {
    const up = /docker compose -f deploy\/compose\.yaml --profile azure up -d --wait (.+)/.exec(
      runs(conformance),
    );
    const started = up?.[1]?.split(/\s+/) ?? [];
    expect(started).toEqual(expect.arrayContaining(['azurite', 'emulators-ready']));
    // emulators-ready waits for both emulators, each of which compose starts with its backend.
    const ready = compose.services['emulators-ready']?.depends_on ?? {};
    expect(Object.keys(ready).sort()).toEqual(['eventhubs-emulator', 'servicebus-emulator']);
    expect(Object.keys(compose.services['eventhubs-emulator']?.depends_on ?? {})).toContain(
      'azurite',
    );
    expect(compose.services['servicebus-emulator']?.environment?.SQL_SERVER).toBe('sqlserver');
  });

  it('runs the emulators project, after the emulators are up', () => {
    const text = runs(conformance);
    const suites = text.indexOf(
      'pnpm exec vitest run --config vitest.emulators.config.ts --project emulators',
    );
    expect(suites).toBeGreaterThan(text.indexOf('docker compose'));
    expect(readRepoFile('vitest.emulators.config.ts')).toMatch(/name: 'emulators'/);
  });

  it('points the suites at the ports compose publishes, as the local defaults do', () => {
    const env = conformance?.env ?? {};
    const stack = emulatorStack(env);
    expect(published('eventhubs-emulator')).toContain(amqpPort(stack.eventHubsConnectionString));
    expect(published('servicebus-emulator')).toContain(amqpPort(stack.serviceBusConnectionString));
    expect(published('servicebus-emulator')).toContain(
      Number(new URL(stack.serviceBusAdminUrl).port),
    );
    expect(published('azurite')).toContain(10000);
    // Without the variables (a developer's machine) the same ports.
    expect(emulatorStack({})).toEqual(stack);
  });

  it('declares the hub and every consumer group the Event Hubs suite subscribes with', () => {
    const suite = readRepoFile('packages/shared/src/testing/event-stream-conformance.ts');
    const groups = new Set([...suite.matchAll(/subscribe\([\w.]+, '([\w-]+)'/g)].map((m) => m[1]));
    const config = JSON.parse(readRepoFile('deploy/emulators/eventhubs.json')) as {
      UserConfig: {
        NamespaceConfig: { Entities: { Name: string; ConsumerGroups: { Name: string }[] }[] }[];
      };
    };
    const hub = config.UserConfig.NamespaceConfig[0]?.Entities.find(
      (e) => e.Name === emulatorStack({}).eventHubName,
    );
    expect(groups.size).toBeGreaterThan(0);
    expect(hub?.ConsumerGroups.map((g) => g.Name).sort()).toEqual([...groups].sort());
    // The emulator's limit (its Config-schema.json).
    expect(groups.size).toBeLessThanOrEqual(20);
  });

  it('uses the Node of .node-version, in every job that runs Node', () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const setup = job.steps.filter((s) => s.uses?.startsWith('actions/setup-node@'));
      expect(setup.length, name).toBe(1);
      expect(setup[0]?.with?.['node-version-file'], name).toBe('.node-version');
    }
  });

  it('builds and lints deploy/azure/main.bicep with the Bicep CLI, and checks azure.yaml', () => {
    const text = runs(bicep);
    expect(text).toMatch(/az bicep build --file deploy\/azure\/main\.bicep/);
    expect(text).toMatch(/az bicep lint --file deploy\/azure\/main\.bicep/);
    expect(text).toMatch(/tsx test\/deploy\/azd-schema-check\.ts/);
  });
});
