import type { Role } from '@fleetscore/shared';
import { expect } from 'vitest';
import type { TestApi } from './harness.js';

/** The parts of the generated OpenAPI document the auth tests read. */
export interface OpenApiDoc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        security?: unknown[];
        parameters?: Array<{ in: string; name: string }>;
        'x-required-role'?: Role;
        description?: string;
        responses?: Record<string, unknown>;
      }
    >
  >;
  components?: { securitySchemes?: Record<string, unknown> };
}

/** What the internal listener serves, open, and the public one must not (404 there). */
export const OPS_PATHS = ['/healthz', '/readyz', '/metrics', '/v1/scaling', '/docs', '/docs/json'];
export const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const SAMPLE: Record<string, string> = {
  id: 'api-20261125T1000Z-x1',
  runId: 'api-20261125T1000Z-x1',
  index: '0',
  device: 'dev1',
  sensor: 's1',
};

/**
 * Every operation of the document, with its path template filled in with sample ids and the
 * role it declares (undefined would be a route the guard let through: the tests fail on it).
 */
export function operations(doc: OpenApiDoc) {
  const ops: Array<{ method: string; path: string; url: string; role: Role | undefined }> = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE[name] ?? 'x');
      ops.push({ method: method.toUpperCase(), path, url, role: op['x-required-role'] });
    }
  }
  return ops;
}

/** The public API's document, as the internal listener serves it. */
export async function openApiDoc(api: TestApi): Promise<OpenApiDoc> {
  const response = await api.ops.inject({ method: 'GET', url: '/docs/json' });
  expect(response.statusCode).toBe(200);
  return response.json();
}

/** 401 `application/problem+json` of type `unauthorized`, with a Bearer challenge. */
export function expectUnauthorized(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  what: string,
) {
  expect(response.statusCode, what).toBe(401);
  expect(String(response.headers['content-type']), what).toMatch(/^application\/problem\+json/);
  expect(response.json(), what).toMatchObject({
    status: 401,
    type: 'urn:fleetscore:problem:unauthorized',
  });
  expect(String(response.headers['www-authenticate']), what).toMatch(/^Bearer/);
}

/** 403 `application/problem+json` of type `forbidden`, naming the role the route needs. */
export function expectForbidden(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  role: Role,
  what: string,
) {
  expect(response.statusCode, what).toBe(403);
  expect(String(response.headers['content-type']), what).toMatch(/^application\/problem\+json/);
  expect(response.json(), what).toMatchObject({
    status: 403,
    type: 'urn:fleetscore:problem:forbidden',
    requiredRole: role,
  });
}
