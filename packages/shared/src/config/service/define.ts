import { z } from 'zod';
import { type BaseConfig, type BaseVariables, baseVariables } from '../common.js';
import type { ConfigSchema } from '../load.js';
import { checkCommon, type Report, resolveCommon } from '../resolve.js';

/**
 * One service's schema: the common variables plus its own, read from an environment object
 * and shaped into `BaseConfig & T`. `check` adds rules across variables; it runs even when a
 * single variable is already invalid, so the one error names every problem.
 */
export function defineService<S extends z.ZodRawShape, T>(
  variables: S,
  build: (env: BaseVariables & z.output<z.ZodObject<S>>) => T,
  check?: (env: BaseVariables & z.output<z.ZodObject<S>>, report: Report) => void,
): ConfigSchema<BaseConfig & T> {
  type Env = BaseVariables & z.output<z.ZodObject<S>>;
  return z
    .object({ ...baseVariables, ...variables })
    .superRefine(
      (parsed, ctx) => {
        const env = parsed as Env;
        const report: Report = (name, message) =>
          ctx.addIssue({ code: 'custom', path: [name], message });
        checkCommon(env, report);
        check?.(env, report);
      },
      { when: () => true },
    )
    .transform((parsed): BaseConfig & T => {
      const env = parsed as Env;
      return { ...resolveCommon(env), ...build(env) };
    });
}

/** A variable's entry in the generated docs (docs/configuration.md). */
export const doc = (description: string) => ({ description });
