import type { z } from 'zod';
import { FleetscoreError } from '../errors.js';
import { redactSecrets, redactUrl } from './redact.js';
import { variableDocs } from './variables.js';

/** The environment a service reads: `process.env` in `main.ts`, a literal in tests. */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

/** A schema built by `defineService`: an object of variables piped into the config shape. */
export type ConfigSchema<T = unknown> = z.ZodPipe<z.ZodObject, z.ZodType<T>>;

export interface ConfigProblem {
  /** The variable, or `A or B` when either would do. */
  variable: string;
  /** What is wrong and what is expected, e.g. `"x": expected an integer from 1 to 65535`. */
  problem: string;
}

/** Every problem with the environment, in one message fit to show a user as it is. */
export class ConfigError extends FleetscoreError {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map(({ variable, problem }) => `  ${variable}${problem}`);
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      'CONFIG_INVALID',
      [`invalid configuration (${count}; see docs/configuration.md):`, ...lines].join('\n'),
    );
    this.problems = problems;
  }
}

/**
 * Reads a service's configuration from `env`, the only place in Fleetscore that touches
 * `process.env` (and only when a composition root calls it). Empty values count as unset, as
 * `FOO=` in an env file means. Throws `ConfigError` naming every bad variable at once.
 */
export function loadConfig<T>(schema: ConfigSchema<T>, env: ConfigEnv = process.env): T {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => toProblem(issue, schema, present)));
}

function toProblem(issue: z.core.$ZodIssue, schema: ConfigSchema, env: ConfigEnv): ConfigProblem {
  const variable = String(issue.path[0] ?? 'environment');
  // Messages from a single variable read "expected …": say what was found first.
  if (!issue.message.startsWith('expected ')) return { variable, problem: `: ${issue.message}` };
  const raw = env[variable];
  if (raw === undefined) return { variable, problem: `: not set; ${issue.message}` };
  const field = schema.in.shape[variable];
  const secret = field !== undefined && variableDocs.get(field)?.secret === true;
  // Masked before truncating, so a cut never leaves half a password behind; `redactSecrets`
  // also catches the password of a URL too broken for `redactUrl` to parse.
  const shown = secret ? '(hidden)' : JSON.stringify(truncate(redactSecrets(redactUrl(raw))));
  return { variable, problem: `=${shown}: ${issue.message}` };
}

const truncate = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

export interface ExitOptions {
  /** Default `process.stderr`. */
  stderr?: { write(text: string): unknown };
  /** Default `process.exit`. */
  exit?: (code: number) => void;
}

/**
 * For `main.ts`: loads the config, or prints the one message (no stack trace) and exits with
 * code 2, the CLI's usage-error code. Other errors are thrown as they are.
 */
export function loadConfigOrExit<T>(
  schema: ConfigSchema<T>,
  env: ConfigEnv = process.env,
  { stderr = process.stderr, exit = (code) => process.exit(code) }: ExitOptions = {},
): T {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    stderr.write(`${error.message}\n`);
    exit(2);
    throw error; // reached only when `exit` is a test double
  }
}
