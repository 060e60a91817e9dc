import { expect } from 'vitest';

/**
 * Generated requests per route in the default run (the issue asks for ≥ 10,000). Set
 * `FLEETSCORE_FUZZ_RUNS` for a longer run; a smaller one is only for trying things out.
 */
export const FUZZ_RUNS = Number(process.env.FLEETSCORE_FUZZ_RUNS ?? 10_000);

/** The parts of an `inject()` response the checks read (fastify is not a dependency here). */
export interface InjectedResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): unknown;
}

/** How many generated requests went through a route, and how they were answered. */
export interface FuzzTally {
  requests: number;
  byStatus: Record<number, number>;
}

export const newTally = (): FuzzTally => ({ requests: 0, byStatus: {} });

/**
 * The invariant of a refused request: a 4xx (never a 5xx, never a success for a body that
 * carries a hostile field), answered as RFC 9457 problem+json with its status in the body.
 */
export function expectRefused(response: InjectedResponse, tally: FuzzTally, what: string) {
  tally.requests += 1;
  tally.byStatus[response.statusCode] = (tally.byStatus[response.statusCode] ?? 0) + 1;
  // Plain checks first: `expect` costs more than the request, and this runs 10,000 times a route.
  const status = response.statusCode;
  const type = String(response.headers['content-type']);
  if (status >= 400 && status < 500 && type.startsWith('application/problem+json')) {
    if ((JSON.parse(response.body) as { status?: number }).status === status) return;
  }
  const context = `${what} → ${status} ${response.body.slice(0, 300)}`;
  expect(status, context).toBeGreaterThanOrEqual(400);
  expect(status, context).toBeLessThan(500);
  expect(type, context).toMatch(/^application\/problem\+json/);
  expect((response.json() as { status?: number }).status, context).toBe(status);
}

/** A short, printable description of a generated request for failure messages. */
export function describeRequest(method: string, url: string, body?: string, type?: string) {
  const shown = body === undefined ? '' : ` ${JSON.stringify(body.slice(0, 200))}`;
  return `${method} ${url.slice(0, 300)} [${type ?? 'no content type'}] (${body?.length ?? 0} chars)${shown}`;
}
