// Every platform's grace period follows from the shutdown budget
// (packages/shared/src/runtime/shutdown-budget.ts): Container Apps' terminationGracePeriodSeconds,
// compose's stop_grace_period and the k8s Deployment's terminationGracePeriodSeconds are each
// platformGraceSeconds(the service's drain), so no platform kills a service mid-settle.
import {
  configSchemas,
  DEFAULT_DRAIN_SECONDS,
  KILL_MARGIN_SECONDS,
  loadConfig,
  platformGraceSeconds,
  SETTLE_SECONDS,
} from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { declarations, envList, moduleCalls, propertyText } from './bicep.js';
import {
  type FleetscoreContainer,
  fleetscoreContainers,
  loadCompose,
  readJson,
  readRepoFile,
  SERVICES,
} from './files.js';

/** The drain of a service, seconds: the scorer's setting, the default for the others. */
function drainSeconds(container: FleetscoreContainer): number {
  if (container.service !== 'scorer') return DEFAULT_DRAIN_SECONDS;
  return loadConfig(configSchemas.scorer, container.env).drainMs / 1000;
}

describe('grace periods: Container Apps (Bicep)', () => {
  const rg = readRepoFile('deploy/azure/resources.bicep');
  const vars = new Map(
    declarations(rg)
      .filter((d) => d.kind === 'var')
      .map((d) => [d.name, d.text.replace(/^var\s+\w+\s*=\s*/, '').trim()]),
  );
  const grace = (service: string) =>
    propertyText(
      moduleCalls(rg).find((m) => m.symbol === `${service}App`)?.params ?? '',
      'terminationGracePeriodSeconds',
    );

  it('spells the budget with the constants of shutdown-budget.ts', () => {
    expect(vars.get('defaultDrainSeconds')).toBe(String(DEFAULT_DRAIN_SECONDS));
    expect(vars.get('settleSeconds')).toBe(String(SETTLE_SECONDS));
    expect(vars.get('killMarginSeconds')).toBe(String(KILL_MARGIN_SECONDS));
    expect(vars.get('defaultGraceSeconds')).toBe(
      'defaultDrainSeconds + settleSeconds + killMarginSeconds',
    );
  });

  it.each(SERVICES.filter((s) => s !== 'scorer'))('%s: the default drain’s grace', (service) => {
    expect(grace(service)).toBe('defaultGraceSeconds');
  });

  it('scorer: the grace of its own drain, which its env passes to the process', () => {
    expect(grace('scorer')).toBe('drainSeconds + settleSeconds + killMarginSeconds');
    expect(envList(rg, 'scorerEnv').find((e) => e.name === 'FLEETSCORE_DRAIN_SECONDS')?.value).toBe(
      'string(drainSeconds)',
    );
    // With the deployed parameter, the sum is what the TypeScript budget says.
    const file = readJson('deploy/azure/main.parameters.json') as {
      parameters: { drainSeconds: { value: number } };
    };
    const drain = file.parameters.drainSeconds.value;
    expect(drain + SETTLE_SECONDS + KILL_MARGIN_SECONDS).toBe(platformGraceSeconds(drain));
  });

  it('caps the scorer drain so its grace fits Container Apps’ 600 s', () => {
    const main = readRepoFile('deploy/azure/main.bicep');
    const max = Number(/@maxValue\((\d+)\)\s*param drainSeconds\b/.exec(main)?.[1]);
    expect(platformGraceSeconds(max)).toBe(600);
  });
});

describe('grace periods: compose', () => {
  const compose = loadCompose();
  for (const profile of ['azure', 'local']) {
    it.each(fleetscoreContainers(compose, profile).map((c) => [c.composeName, c] as const))(
      `${profile}: %s stops within platformGraceSeconds of its drain`,
      (_name, container) => {
        expect(container.spec.stop_grace_period).toBe(
          `${platformGraceSeconds(drainSeconds(container))}s`,
        );
      },
    );
  }
});

describe('grace periods: Kubernetes', () => {
  const scorer = fleetscoreContainers(loadCompose(), 'local').find((c) => c.service === 'scorer');
  const expected = scorer ? platformGraceSeconds(drainSeconds(scorer)) : Number.NaN;

  it.each(['scorer-keda-azure.yaml', 'scorer-keda-local.yaml'])(
    '%s tells what the scorer Deployment it scales must set',
    (file) => {
      // The folder has ScaledObjects only; the Deployment's value is stated in their header.
      const text = readRepoFile(`deploy/k8s/${file}`);
      expect(text).not.toMatch(/^kind:\s*Deployment/m);
      const stated = [...text.matchAll(/terminationGracePeriodSeconds:\s*(\d+)/g)].map((m) =>
        Number(m[1]),
      );
      expect(stated).toEqual([expected]);
    },
  );
});
