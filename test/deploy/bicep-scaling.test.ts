// deploy/azure, offline: how many replicas each app runs, and the scorer's scale rule on the
// Service Bus queue.
import { describe, expect, it } from 'vitest';
import { RESOURCES_BICEP as rg, bicepText as text } from './azure-templates.js';
import { envList, moduleCalls, propertyText, resources } from './bicep.js';

describe('deploy/azure: scaling', () => {
  const scorer = moduleCalls(rg).find((m) => m.symbol === 'scorerApp');
  const p = (key: string) => propertyText(scorer?.params ?? '', key);

  it('runs the scorer from zero to max replicas on the Service Bus queue, with its identity', () => {
    expect(p('minReplicas')).toBe('0');
    expect(p('maxReplicas')).toBe('scorerMaxReplicas');
    const rules = p('scaleRules') ?? '';
    expect(rules).toMatch(/type:\s*'azure-servicebus'/);
    expect(rules).toMatch(/identity:\s*scalerIdentity\.id/);
    expect(rules).toMatch(/queueName:\s*queueName/);
    expect(rules).toMatch(/namespace:\s*serviceBus\.outputs\.namespaceName/);
    expect(rules).toMatch(/messageCount:\s*string\(scorerConcurrency\)/);
    expect(rules).toMatch(/activationMessageCount:\s*'0'/);
    expect(rules).not.toMatch(/\bauth\s*:/);
  });

  it('uses a Container Apps API version that has the scale-rule identity (2024-02-02-preview on)', () => {
    for (const r of resources(text('modules/container-app.bicep'))) {
      if (r.type !== 'Microsoft.App/containerApps') continue;
      expect(r.apiVersion >= '2024-02-02' && r.apiVersion !== '2024-03-01').toBe(true);
    }
  });

  it('keeps one scheduler and at least one ingest and aggregator replica', () => {
    const of = (symbol: string, key: string) =>
      propertyText(moduleCalls(rg).find((m) => m.symbol === symbol)?.params ?? '', key);
    expect(of('schedulerApp', 'minReplicas')).toBe('1');
    expect(of('schedulerApp', 'maxReplicas')).toBe('1');
    expect(of('ingestApp', 'minReplicas')).toBe('1');
    expect(of('aggregatorApp', 'minReplicas')).toMatch(/aggregatorReplicas/);
  });

  it('creates the consumer group the aggregator env names', () => {
    const eventHubs = moduleCalls(rg).find((m) => m.symbol === 'eventHubs');
    const group = envList(rg, 'aggregatorEnv').find(
      (e) => e.name === 'FLEETSCORE_AGGREGATOR_GROUP',
    );
    expect(propertyText(eventHubs?.params ?? '', 'consumerGroups')).toContain(group?.value ?? '?');
  });
});
