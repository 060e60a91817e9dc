import type { pino } from 'pino';

/**
 * Node runtime metrics on the process's meter provider: event loop delay and utilisation, heap
 * spaces, garbage collection (`nodejs.*`, `v8js.*`). Started after the providers, whose meter
 * it takes when it starts.
 */
export async function startRuntimeMetrics(): Promise<{ disable(): void }> {
  const [{ metrics }, { RuntimeNodeInstrumentation }] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/instrumentation-runtime-node'),
  ]);
  const runtime = new RuntimeNodeInstrumentation();
  // Its instruments are made when it is given a meter provider, not when it is constructed.
  runtime.setMeterProvider(metrics.getMeterProvider());
  return runtime;
}

export type PinoFactory = typeof pino;

/**
 * A pino factory whose loggers also send every line to the OpenTelemetry Logs API, as records
 * of the active span (pino's `multistream`: standard output and the Logs API). It is the pino
 * instrumentation's own patch, applied to the pino this process has already loaded: the
 * instrumentation would otherwise only patch a pino `require`d after it starts, which an ES
 * module that imported pino at its top never does. Log correlation stays with our own
 * `trace_id` / `span_id` fields (logger.ts).
 */
export async function logExportingPino(original: PinoFactory): Promise<PinoFactory> {
  const { PinoInstrumentation } = await import('@opentelemetry/instrumentation-pino');
  const instrumentation = new PinoInstrumentation({ disableLogCorrelation: true });
  const [definition] = instrumentation.getModuleDefinitions();
  if (!definition?.patch) throw new TypeError('the pino instrumentation has no patch');
  return definition.patch(original) as PinoFactory;
}
