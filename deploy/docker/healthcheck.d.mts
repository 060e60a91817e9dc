/** Types of healthcheck.mjs, for the tests that import it. */
export declare const HEALTH_PORTS: Readonly<
  Record<'ingest' | 'aggregator' | 'scheduler' | 'scorer', { variable: string; default: number }>
>;
export declare function healthUrl(
  service: string,
  env: Readonly<Record<string, string | undefined>>,
): string;
