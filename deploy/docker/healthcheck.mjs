// The image's HEALTHCHECK: GET /healthz (liveness: the process answers; no dependency is
// checked) on the service's ops listener (FLEETSCORE_HEALTH_PORT, every service: ingest and the
// scheduler serve their API on another port). Exit 0 healthy, 1 not. Plain JS, no
// dependencies, so it runs in the runtime image as it is.
import { pathToFileURL } from 'node:url';

/** Which variable holds each service's ops port, and its default (docs/configuration.md). */
export const HEALTH_PORTS = {
  ingest: { variable: 'FLEETSCORE_HEALTH_PORT', default: 9081 },
  aggregator: { variable: 'FLEETSCORE_HEALTH_PORT', default: 8082 },
  scheduler: { variable: 'FLEETSCORE_HEALTH_PORT', default: 9080 },
  scorer: { variable: 'FLEETSCORE_HEALTH_PORT', default: 8083 },
};

/** The liveness URL of `service` under `env`; throws on an unknown service. */
export function healthUrl(service, env) {
  const port = HEALTH_PORTS[service];
  if (!port) throw new Error(`unknown service "${service}" (SERVICE_NAME)`);
  const value = env[port.variable]?.trim() || String(port.default);
  return `http://127.0.0.1:${value}/healthz`;
}

async function main() {
  const url = healthUrl(process.env.SERVICE_NAME ?? '', process.env);
  const response = await fetch(url, { signal: AbortSignal.timeout(4_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(`unhealthy: ${error.message}`);
      process.exit(1);
    },
  );
}
