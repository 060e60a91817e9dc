// deploy/k8s (optional KEDA manifests), offline: the triggers use the values the scheduler's
// scaling endpoint and the queues are built for.
import { KEDA_METRICS_API_TRIGGER } from '@fleetscore/shared/scaling';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { fleetscoreContainers, loadCompose, OPS_PORTS, readRepoFile } from './files.js';

interface Trigger {
  type: string;
  metadata: Record<string, string>;
  authenticationRef?: { name: string };
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: { minReplicaCount?: number; triggers?: Trigger[]; podIdentity?: { provider: string } };
}

const manifests = (file: string) =>
  parseAllDocuments(readRepoFile(`deploy/k8s/${file}`)).map((doc) => doc.toJS() as Manifest);
const scaledObject = (file: string) => manifests(file).find((m) => m.kind === 'ScaledObject');
const trigger = (file: string, type: string) =>
  scaledObject(file)?.spec.triggers?.find((t) => t.type === type);
const env = (profile: string, service: string) =>
  fleetscoreContainers(loadCompose(), profile).find((c) => c.service === service)?.env ?? {};

describe('deploy/k8s', () => {
  it('both scale the scorer from zero', () => {
    for (const file of ['scorer-keda-azure.yaml', 'scorer-keda-local.yaml']) {
      expect(scaledObject(file)?.spec.minReplicaCount).toBe(0);
    }
  });

  it('azure: the Service Bus trigger authenticates by workload identity, on the job queue', () => {
    const sb = trigger('scorer-keda-azure.yaml', 'azure-servicebus');
    const auth = manifests('scorer-keda-azure.yaml').find(
      (m) => m.kind === 'TriggerAuthentication',
    );
    expect(sb?.authenticationRef?.name).toBe(auth?.metadata.name);
    expect(auth?.spec.podIdentity?.provider).toBe('azure-workload');
    expect(sb?.metadata.queueName).toBe(env('azure', 'scorer').FLEETSCORE_SERVICEBUS_QUEUE);
    expect(sb?.metadata.messageCount).toBe(env('azure', 'scorer').FLEETSCORE_SCORER_CONCURRENCY);
    expect(sb?.metadata.activationMessageCount).toBe('0');
    expect(Object.keys(sb?.metadata ?? {})).not.toContain('connectionFromEnv');
  });

  it('local: the metrics-api trigger reads /v1/scaling on the ops port, as keda.ts says to', () => {
    const api = trigger('scorer-keda-local.yaml', 'metrics-api');
    const url = new URL(api?.metadata.url ?? '');
    expect(url.pathname).toBe('/v1/scaling');
    // /v1/scaling is served on the scheduler's ops listener only, never its public API port.
    expect(url.port).toBe(String(OPS_PORTS.scheduler));
    expect(url.port).toBe(env('local', 'scheduler').FLEETSCORE_HEALTH_PORT);
    expect(api?.metadata.valueLocation).toBe(KEDA_METRICS_API_TRIGGER.valueLocation);
    expect(api?.metadata.targetValue).toBe(KEDA_METRICS_API_TRIGGER.targetValue);
  });

  it("local: the Redis backstop watches BullMQ's wait list of the job queue", () => {
    const redis = trigger('scorer-keda-local.yaml', 'redis');
    expect(redis?.metadata.listName).toBe(
      `bull:${env('local', 'scorer').FLEETSCORE_JOB_QUEUE}:wait`,
    );
  });
});
