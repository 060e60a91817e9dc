import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Endpoints that misbehave on purpose, to test how storage adapters report an outage: a port
 * nothing listens on, a server that never answers, a server that answers 503.
 */

/** Azurite's published development account key (not a secret). */
const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const DEV_ACCOUNT = 'devstoreaccount1';

/**
 * A connection string for the development account whose blob endpoint is at `baseUrl` and
 * table endpoint at `tableBaseUrl` (default: the same).
 */
export function devStorageConnectionString(baseUrl: string, tableBaseUrl = baseUrl): string {
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${DEV_ACCOUNT}`,
    `AccountKey=${DEV_ACCOUNT_KEY}`,
    `BlobEndpoint=${baseUrl}/${DEV_ACCOUNT}`,
    `TableEndpoint=${tableBaseUrl}/${DEV_ACCOUNT}`,
  ].join(';');
}

/**
 * The blob and table base URLs (`http://host:port`) of a development-account connection
 * string: Azurite's default ports for `UseDevelopmentStorage=true`, else its endpoints.
 */
export function devStorageEndpoints(connectionString: string): { blob: URL; table: URL } {
  if (/UseDevelopmentStorage=true/i.test(connectionString)) {
    return { blob: new URL('http://127.0.0.1:10000'), table: new URL('http://127.0.0.1:10002') };
  }
  const endpoint = (kind: string) => {
    const value = new RegExp(`${kind}Endpoint=([^;]+)`, 'i').exec(connectionString)?.[1];
    if (value === undefined) throw new Error(`no ${kind}Endpoint in the connection string`);
    return new URL(new URL(value).origin);
  };
  return { blob: endpoint('Blob'), table: endpoint('Table') };
}

/** A loopback URL where nothing listens (a port just released by the OS): connections are refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return url;
}

export interface StubEndpoint {
  url: string;
  /** Requests received so far. */
  requests: number;
  close(): Promise<void>;
}

/** A server that accepts every request and then answers `503`, or never answers (`'hang'`). */
export async function startStubEndpoint(mode: 'hang' | 503): Promise<StubEndpoint> {
  const stub = { url: '', requests: 0, close: async () => {} };
  const server = createServer((request, response) => {
    stub.requests += 1;
    request.resume();
    if (mode === 503) response.writeHead(503, { 'x-ms-error-code': 'ServerBusy' }).end();
  });
  stub.url = await listen(server);
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}
