import type { LoadedModel, ModelRegistry } from '@fleetscore/registry';
import { ATTR, type Entity, entityKey, inSpan, meter, tracer } from '@fleetscore/shared';

/** The scorer's meter and tracer (jobs/job-metrics.ts and jobs/job-tracing.ts use it too). */
const SCORER = 'fleetscore-scorer';

let cacheLookups: ReturnType<ReturnType<typeof meter>['createCounter']> | undefined;

/**
 * Counts a model-cache lookup (`hit`: the model was held). For the model cache to call; the
 * counter is created at the first call, after telemetry has started.
 */
export function recordModelCacheLookup(hit: boolean): void {
  cacheLookups ??= meter(SCORER).createCounter('fleetscore.scorer.model_cache.lookups', {
    description: 'Model cache lookups, by result (hit, miss)',
  });
  cacheLookups.add(1, { result: hit ? 'hit' : 'miss' });
}

/**
 * The registry's `load` in a span per call (a model-cache miss: the cache calls it only for a
 * model it does not hold). Pass the result to `createModelCache` for model-load spans.
 */
export function tracedModelLoads(
  registry: Pick<ModelRegistry, 'load'>,
): Pick<ModelRegistry, 'load'> {
  return {
    load: (entity: Entity, version: number): Promise<LoadedModel> =>
      inSpan(
        tracer(SCORER),
        'load model',
        {
          attributes: {
            [ATTR.entity]: entityKey(entity),
            [ATTR.modelVersion]: version,
          },
        },
        () => registry.load(entity, version),
      ),
  };
}
