// Reading the deployment files for the offline checks: paths from the repository root, the
// compose file with its YAML merge keys resolved, and the services of each compose profile.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SERVICES = ['ingest', 'aggregator', 'scheduler', 'scorer'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const readRepoFile = (path: string): string => readFileSync(resolve(REPO, path), 'utf8');

/**
 * Each service's listeners in every deployment: the public one (the authenticated API and the
 * dashboard; ingest and the scheduler only) and the ops one (FLEETSCORE_HEALTH_PORT: /healthz,
 * /readyz, /metrics; the scheduler's /v1/scaling and /docs), which is never exposed outside
 * the deployment. Bicep, compose, k8s and the image's health script are held to these.
 */
export const PUBLIC_PORTS: Partial<Record<ServiceName, number>> = { ingest: 8081, scheduler: 8080 };
export const OPS_PORTS: Record<ServiceName, number> = {
  ingest: 9081,
  aggregator: 8082,
  scheduler: 9080,
  scorer: 8083,
};

/** YAML as Compose reads it: `<<` merge keys applied (the compose file uses anchors). */
export const readYaml = (path: string): unknown => parse(readRepoFile(path), { merge: true });

export const readJson = (path: string): unknown => JSON.parse(readRepoFile(path));

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  profiles?: string[];
  environment?: Record<string, string | number | boolean>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
  stop_grace_period?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

export const COMPOSE_PATH = 'deploy/compose.yaml';
export const loadCompose = () => readYaml(COMPOSE_PATH) as ComposeFile;

/** A Fleetscore service of a profile: the compose service that builds its image. */
export interface FleetscoreContainer {
  composeName: string;
  service: ServiceName;
  env: Record<string, string>;
  spec: ComposeService;
}

export function fleetscoreContainers(compose: ComposeFile, profile: string): FleetscoreContainer[] {
  return Object.entries(compose.services)
    .filter(([, spec]) => spec.build?.args?.SERVICE && spec.profiles?.includes(profile))
    .map(([composeName, spec]) => ({
      composeName,
      service: spec.build?.args?.SERVICE as ServiceName,
      env: Object.fromEntries(
        Object.entries(spec.environment ?? {}).map(([name, value]) => [name, String(value)]),
      ),
      spec,
    }));
}

/** Seconds of an ISO 8601 duration of days, hours, minutes and seconds (`P1D`, `PT1M30S`). */
export function isoSeconds(duration: string): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) {
    throw new Error(`not an ISO 8601 duration of D/H/M/S: ${duration}`);
  }
  const [, d = '0', h = '0', m = '0', s = '0'] = match;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(m)) * 60 + Number(s);
}
