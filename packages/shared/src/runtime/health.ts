import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { redactSecrets } from '../config/redact.js';
import { failureReason } from '../errors.js';

/** One dependency a service needs (Redis, Blob, …) and how to tell that it answers. */
export interface HealthCheck {
  name: string;
  check(signal: AbortSignal): Promise<void>;
}

export interface HealthReport {
  ok: boolean;
  checks: Record<string, { ok: boolean; ms: number; error?: string }>;
}

/** Runs every check concurrently, each bounded by `timeoutMs` (default 2,000). */
export async function runHealthChecks(
  checks: readonly HealthCheck[],
  timeoutMs = 2_000,
): Promise<HealthReport> {
  const entries = await Promise.all(
    checks.map(async ({ name, check }) => {
      const started = performance.now();
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        await Promise.race([
          // Untraced: a probe every few seconds would fill the trace view (Application
          // Insights' dependencies) with storage and queue calls no one asked about.
          context.with(suppressTracing(context.active()), () => check(signal)),
          new Promise<never>((_, reject) =>
            signal.addEventListener('abort', () =>
              reject(new Error(`no answer within ${timeoutMs} ms`)),
            ),
          ),
        ]);
        return [name, { ok: true, ms: Math.round(performance.now() - started) }] as const;
      } catch (error) {
        // Reports are served on open routes (/readyz): a message quoting a Redis URL or a
        // connection string must not hand out its password or key.
        const message = redactSecrets(failureReason(error));
        return [
          name,
          { ok: false, ms: Math.round(performance.now() - started), error: message },
        ] as const;
      }
    }),
  );
  return { ok: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
}
