import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Endpoints that misbehave on purpose, to test how storage adapters report an outage: a port
 * nothing listens on, a server that never answers, a server that answers 503.
 */

/** Azurite's published development account key (not a secret). */
const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A connection string for the development account whose blob and table endpoints are at `baseUrl`. */
export function devStorageConnectionString(baseUrl: string): string {
  const account = 'devstoreaccount1';
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${account}`,
    `AccountKey=${DEV_ACCOUNT_KEY}`,
    `BlobEndpoint=${baseUrl}/${account}`,
    `TableEndpoint=${baseUrl}/${account}`,
  ].join(';');
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
