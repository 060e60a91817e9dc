import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fleetscoreWithEnv } from './cli.test-helper.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real HTTP server on a free loopback port, closed after the test. */
async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const run = (id: string, state: string) => ({
  id,
  kind: 'score',
  state,
  trigger: { kind: 'cli' },
  from: '2026-11-25T08:00:00.000Z',
  to: '2026-11-25T09:00:00.000Z',
  jobCount: 1,
  jobStates: {},
  createdAt: '2026-11-25T09:00:00.000Z',
});

describe('the API client', () => {
  it('gives up on a server that never answers, naming the URL and the timeout', async () => {
    let requests = 0;
    const url = await serve(() => {
      requests += 1; // and never answer
    });
    const { code, stderr } = await fleetscoreWithEnv(
      { FLEETSCORE_API_KEY: 'the-secret-key' },
      'runs',
      'show',
      'some-run',
      '--api-url',
      url,
      '--timeout',
      '0.2',
    );
    expect(requests).toBe(1);
    expect(stderr).toBe(
      `fleetscore: GET ${url}/v1/runs/some-run: no answer within 0.2 s (--timeout / FLEETSCORE_API_TIMEOUT_SECONDS)\n`,
    );
    expect(code).toBe(1);
  });

  it('gives up on an answer whose body stalls', async () => {
    const url = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"items": ['); // and never finish
    });
    const { code, stderr } = await fleetscoreWithEnv(
      { FLEETSCORE_API_URL: url, FLEETSCORE_API_TIMEOUT_SECONDS: '0.2' },
      'models',
      'list',
    );
    expect(stderr).toMatch(
      /^fleetscore: GET http:\/\/127\.0\.0\.1:\d+\/v1\/models: no answer within 0\.2 s/,
    );
    expect(code).toBe(1);
  });

  it('bounds every poll of runs trigger --wait, not just the first request', async () => {
    let gets = 0;
    const url = await serve((request, response) => {
      if (request.method === 'POST') return json(response, 201, run('r1', 'running'));
      // The first poll is answered; the second never is.
      gets += 1;
      if (gets === 1) json(response, 200, run('r1', 'running'));
    });
    const { code, stdout, stderr } = await fleetscoreWithEnv(
      { FLEETSCORE_API_URL: url },
      ...['runs', 'trigger', '--from', '2026-11-25T08:00:00Z', '--to', '2026-11-25T09:00:00Z'],
      ...['--wait', '--interval', '1', '--timeout', '0.2'],
    );
    expect(stdout).toBe('r1\n');
    expect(gets).toBe(2);
    expect(stderr).toMatch(
      /fleetscore: GET http:\/\/127\.0\.0\.1:\d+\/v1\/runs\/r1: no answer within 0\.2 s/,
    );
    expect(code).toBe(1);
  });

  it('sends --api-key over FLEETSCORE_API_KEY to --api-url over FLEETSCORE_API_URL', async () => {
    const seen: (string | undefined)[] = [];
    const url = await serve((request, response) => {
      seen.push(request.headers.authorization);
      json(response, 200, { items: [] });
    });
    const env = { FLEETSCORE_API_URL: 'http://127.0.0.1:1', FLEETSCORE_API_KEY: 'env-key' };
    const { code } = await fleetscoreWithEnv(
      env,
      ...['models', 'list', '--api-url', url, '--api-key', 'option-key'],
    );
    expect(code).toBe(0);
    expect(
      (await fleetscoreWithEnv({ ...env, FLEETSCORE_API_URL: url }, 'models', 'list')).code,
    ).toBe(0);
    // The options belong to the command group: before the sub-command works too.
    expect((await fleetscoreWithEnv(env, 'models', '--api-url', url, 'list')).code).toBe(0);
    expect(seen).toEqual(['Bearer option-key', 'Bearer env-key', 'Bearer env-key']);
  });

  it("prints a 403 problem's detail and which credential was sent, never the key", async () => {
    const url = await serve((_, response) => {
      response.writeHead(403, { 'content-type': 'application/problem+json' });
      response.end(
        JSON.stringify({
          type: 'urn:fleetscore:problem:forbidden',
          title: 'Forbidden',
          status: 403,
          detail: 'this caller lacks the role Fleetscore.Runs.Write',
        }),
      );
    });
    const { code, stderr } = await fleetscoreWithEnv(
      { FLEETSCORE_API_URL: url },
      ...['runs', 'cancel', 'r1', '--api-key', 'the-secret-key'],
    );
    expect(stderr).toBe(
      'fleetscore: Forbidden: this caller lacks the role Fleetscore.Runs.Write (sent: API key (--api-key))\n',
    );
    expect(code).toBe(1);
  });

  it('says which credential a 401 without a problem body refused', async () => {
    const url = await serve((_, response) => {
      response.writeHead(401, { 'content-type': 'text/html' }).end('<h1>no</h1>');
    });
    const { code, stderr } = await fleetscoreWithEnv(
      { FLEETSCORE_API_URL: `${url}/prefix/`, FLEETSCORE_API_KEY: 'the-secret-key' },
      'runs',
      'list',
    );
    expect(stderr).toBe(
      `fleetscore: GET ${url}/prefix/v1/runs: HTTP 401 (sent: API key (FLEETSCORE_API_KEY))\n`,
    );
    expect(code).toBe(1);
  });

  it('exits 2 on a malformed URL before sending anything', async () => {
    const { code, stderr } = await fleetscoreWithEnv(
      { FLEETSCORE_API_KEY: 'the-secret-key' },
      ...['runs', 'list', '--api-url', 'htp:/127.0.0.1:8080'],
    );
    expect(stderr).toMatch(/^fleetscore: --api-url must be an http or https URL, got htp:\n/);
    expect(code).toBe(2);
    const env = await fleetscoreWithEnv({ FLEETSCORE_API_URL: 'http://[::1' }, 'models', 'list');
    expect(env.stderr).toMatch(/^fleetscore: FLEETSCORE_API_URL is not a URL: http:\/\/\[::1\n/);
    expect(env.code).toBe(2);
  });
});

function json(response: Parameters<RequestListener>[1], status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
